/**
 * F2, the world: W1 sites, regions and default projects, W2 ids, names (F4) and the indexes,
 * W3 the quota, W4 the clock. Internal: not part of the public API.
 * @module
 */
import { type Region, regionOfferedAt } from '../catalogue.js';
import type { Project } from '../entities.js';
import { forEach, get, size } from '../internal/pmap.js';
import { LAST_VERSION, MEMBERSHIP_STATUSES } from '../rules/limits.js';
import { forEachProject, indexedProject } from '../state/store.js';
import type { Bad, View } from './view.js';

/**
 * F4: whether `pid` is `<accountId>:<regionId>`, compared in place: building the id to compare
 * made a string per account and region (600,000 on the bench's 1M world), flattened to compare.
 */
function isDefaultIdOf(pid: string, accountId: string, regionId: string): boolean {
  const n = accountId.length;
  return pid.length === n + 1 + regionId.length && pid.charCodeAt(n) === COLON && pid.startsWith(accountId) && pid.endsWith(regionId);
}
const COLON = 0x3a;

/** W1 to W4 for every account: sites, default projects (F4), names, the quota. */
export function checkWorld(v: View, bad: Bad): void {
  const state = v.state;
  const t = state.tables;
  if (!Number.isSafeInteger(state.version) || state.version < 0 || state.version > LAST_VERSION) {
    bad('W4', `version ${state.version} is not a safe integer from which the clock can advance`);
  }
  const sites = new Set(state.catalogue.sites.map((s) => s.id));
  const quota = state.config.privateImageQuota;
  const regions = state.catalogue.regions;
  const regionAt = new Map(regions.map((r, i) => [r.id, i]));
  const seen = new Int32Array(regions.length);
  let stamp = 0;
  let counted = 0;
  v.accounts.forEach((rec, id) => {
    const { account } = rec;
    if (v.indexes) {
      if (account.id !== id) bad('W2', `account key ${id} holds account ${account.id}`);
      if (get(t.accountNames, account.name) !== id) bad('W2', `account name ${account.name} does not index ${id}`);
      if (get(t.principals, id)?.kind !== 'account') bad('W2', `account ${id} is not a principal`);
    }
    const byName = get(t.accountNames, id);
    if (byName !== undefined && byName !== id) bad('W2', `account id ${id} is the name of account ${byName} (F4)`);
    if (!sites.has(account.site)) bad('W1', `account ${id} is at site ${account.site}, which the catalogue does not hold`);
    // The account's regions with projects, read in one walk (no lookup per catalogue region).
    stamp++;
    forEach(rec.regions, (inRegion, regionId) => {
      const at = regionAt.get(regionId);
      if (at === undefined) return; // a project in no region of the catalogue: checkProjects names it
      seen[at] = stamp;
      const r = regions[at] as Region;
      let defaults = 0;
      let def: Project | undefined;
      let images = 0;
      let otherImages = 0;
      forEachProject(inRegion, (p) => {
        const pid = p.id;
        if (p.isDefault) {
          defaults++;
          def ??= p;
        }
        const owned = v.projectInWalk(pid)?.owned.size ?? 0;
        images += owned;
        if (p !== inRegion.defaultProject) otherImages += owned;
        if (!v.indexes) return;
        const misplaced = p.accountId !== id || p.regionId !== regionId || v.project(pid) !== p;
        const misfiled = indexedProject(inRegion, pid) !== p || (p !== inRegion.defaultProject && get(inRegion.otherNames, p.name) !== pid);
        if (misplaced || misfiled) bad('W2', `account ${id} indexes project ${pid} in ${r.id} as something else`);
      });
      counted += images;
      const defaultName = inRegion.defaultProject?.name;
      if (inRegion.otherNames.size !== inRegion.others.size || (defaultName !== undefined && get(inRegion.otherNames, defaultName) !== undefined)) {
        bad('W2', `a project name is used twice by ${id} in ${r.id}`);
      }
      const offered = regionOfferedAt(r, account.site);
      if (offered && defaults !== 1) bad('W1', `account ${id} has ${defaults} default projects in ${r.id}, not one`);
      if ((defaults <= 1 && inRegion.defaultProject !== def) || inRegion.defaultProject?.isDefault === false) bad('W1', `account ${id} indexes the wrong default project in ${r.id}`);
      if (offered && def !== undefined && !isDefaultIdOf(def.id, id, r.id)) bad('W1', `default project ${def.id} of ${id} is not ${id}:${r.id} (F4)`);
      if (v.indexes && def !== undefined && v.project(def.id) !== def) bad('W1', `default project ${def.id} of ${id} is not in the projects table`);
      if (inRegion.otherImages !== otherImages) bad('W3', `account ${id} counts ${inRegion.otherImages} images in its other projects in ${r.id} but they own ${otherImages}`);
      if (images > quota) bad('W3', `account ${id} owns ${images} images in ${r.id}, over its quota`);
    });
    for (let at = 0; at < regions.length; at++) {
      const r = regions[at] as Region;
      if (seen[at] !== stamp && regionOfferedAt(r, account.site)) bad('W1', `account ${id} has 0 default projects in ${r.id}, not one`);
    }
  });
  // No account may share its name (W2). With the indexes: every image is in its owner
  // project's set (checkImages) and the sets hold no more than the images, so each account's
  // count in a region (W3) is the number of images it owns there.
  if (size(t.accountNames) !== size(t.accounts) || v.accounts.size !== size(t.accounts)) bad('W2', 'account names and accounts differ in number');
  if (!v.indexes) return;
  if (counted !== size(t.images)) bad('W3', `the accounts count ${counted} images in their regions but ${size(t.images)} exist`);
  forEach(t.principals, (p, id) => {
    if (p.id !== id || v.account(p.accountId) === undefined) bad('W2', `principal ${id} has no account`);
  });
}

/** W1, W2 for every project: its account and region, reserved ids (F4); with the indexes, every index it holds. */
export function checkProjects(v: View, bad: Bad): void {
  const state = v.state;
  const t = state.tables;
  const reserved = state.catalogue.regions.map((r) => `:${r.id}`);
  let owned = 0;
  let received = 0;
  v.projects.forEach((rec, id) => {
    const p = rec.project;
    const account = v.account(p.accountId);
    const region = v.regions.get(p.regionId);
    if (p.id !== id || account === undefined || region === undefined) {
      bad('W2', `project ${id} names an unknown account or region`);
      return;
    }
    if (!regionOfferedAt(region, account.site)) bad('W1', `project ${id} is in ${p.regionId}, not offered at ${account.site}`);
    if (!p.isDefault && reserved.some((suffix) => id.endsWith(suffix))) bad('W2', `project ${id} takes a reserved default project id (F4)`);
    if (!v.indexes) return;
    const indexed = v.regionOf(p.accountId, p.regionId);
    if (indexed === undefined || indexedProject(indexed, id) !== p) bad('W2', `project ${id} is not indexed by its account`);
    // Each image checks its own entry (checkImages); the sizes show that no other entry exists.
    owned += rec.owned.size;
    for (const status of MEMBERSHIP_STATUSES) {
      const index = rec.received[status];
      received += index.size;
      forEach(index, (m, imageId) => {
        const live = get(t.images, imageId);
        if ((live === undefined ? undefined : get(live.members, id)) !== m || m.status !== status) bad('M1', `project ${id} indexes a stale membership of ${imageId}`);
      });
    }
    forEach(rec.servers, (_, sid) => {
      if (get(t.servers, sid)?.server.projectId !== id) bad('E0', `project ${id} indexes server ${sid} it does not hold`);
    });
    forEach(rec.disks, (_, did) => {
      if (get(t.disks, did)?.disk.projectId !== id) bad('E0', `project ${id} indexes disk ${did} it does not hold`);
    });
  });
  if (!v.indexes) return;
  if (v.projects.size !== size(t.projects)) bad('W2', 'the projects table and its records differ in number');
  if (owned !== size(t.images)) bad('W2', `projects index ${owned} owned images but ${size(t.images)} exist`);
  let memberships = 0;
  forEach(t.images, (r) => {
    memberships += r.members.size;
  });
  if (received !== memberships) bad('M1', `projects index ${received} memberships but ${memberships} exist`);
}

