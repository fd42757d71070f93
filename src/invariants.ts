/**
 * The invariants every state keeps, checked in full (O(size of the world)). Used by
 * `fromSnapshot`, by the tests, and by the testing kit; commands keep them by construction.
 *
 * @module
 */
import { regionOfferedAt } from './catalogue.js';
import type { Membership, Project } from './entities.js';
import type { RuleId } from './errors.js';
import { forEach, get, size } from './internal/pmap.js';
import * as store from './state/store.js';
import type { State } from './state/store.js';

/**
 * One broken invariant: the rule it breaks and what is wrong.
 *
 * @example
 * ```ts
 * const broken: readonly InvariantViolation[] = checkInvariants(state);
 * ```
 */
export interface InvariantViolation {
  readonly rule: RuleId;
  readonly message: string;
}

/**
 * Every broken invariant of a state: W1 (projects in regions of their site, a default project
 * in each), W2 (principals and names), W3 (quota), W4 (versions), S3 (memberships in the image's
 * region, never on the owner project), S4 (accepted <= limit), S5 (no members of an encrypted
 * image), E1/E5 (servers and disks in their project's region), and the consistency of every
 * index with the tables. An empty array means the state is sound.
 *
 * @example
 * ```ts
 * expect(checkInvariants(result.state)).toEqual([]);
 * ```
 */
export function checkInvariants(state: State): readonly InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const bad = (rule: RuleId, message: string): void => {
    out.push(Object.freeze({ rule, message }));
  };
  const t = state.tables;
  const ownedCount = new Map<string, Map<string, number>>();

  forEach(t.accounts, (rec, id) => {
    if (rec.account.id !== id) bad('W2', `account key ${id} holds account ${rec.account.id}`);
    if (get(t.accountNames, rec.account.name) !== id) bad('W2', `account name ${rec.account.name} does not index ${id}`);
    if (store.principal(state, id)?.kind !== 'account') bad('W2', `account ${id} is not a principal`);
    for (const r of state.catalogue.regions) {
      const def = store.defaultProjectOf(state, id, r.id);
      if (regionOfferedAt(r, rec.account.site) && (def === undefined || store.project(state, def.id) !== def)) {
        bad('W1', `account ${id} has no default project in ${r.id}`);
      }
    }
  });
  if (size(t.accountNames) !== size(t.accounts)) bad('W2', 'account names and accounts differ in number');
  forEach(t.principals, (p, id) => {
    if (p.id !== id || store.account(state, p.accountId) === undefined) bad('W2', `principal ${id} has no account`);
  });

  forEach(t.projects, (rec, id) => {
    const p = rec.project;
    const account = store.account(state, p.accountId);
    const region = store.region(state, p.regionId);
    if (p.id !== id || account === undefined || region === undefined) {
      bad('W2', `project ${id} names an unknown account or region`);
      return;
    }
    if (!regionOfferedAt(region, account.site)) bad('W1', `project ${id} is in ${p.regionId}, not offered at ${account.site}`);
    if (!store.accountProjects(state, p.accountId, p.regionId).includes(p)) bad('W2', `project ${id} is not indexed by its account`);
    forEach(rec.owned, (_, imageId) => {
      if (store.image(state, imageId)?.ownerProjectId !== id) bad('W2', `project ${id} indexes image ${imageId} it does not own`);
    });
    for (const status of ['pending', 'accepted', 'rejected'] as const) {
      forEach(rec.received[status], (m, imageId) => {
        if (store.membership(state, imageId, id) !== m || m.status !== status) bad('M1', `project ${id} indexes a stale membership of ${imageId}`);
      });
    }
  });

  forEach(t.images, (rec, id) => {
    const img = rec.image;
    const owner: Project | undefined = store.project(state, img.ownerProjectId);
    if (img.id !== id || owner === undefined) {
      bad('W2', `image ${id} has no owner project`);
      return;
    }
    if (get((store.projectRecord(state, owner.id) as store.ProjectRecord).owned, id) !== true) bad('W2', `image ${id} is not indexed by its project`);
    if (img.createdAt > state.version) bad('W4', `image ${id} was made after the state's version`);
    const byRegion = ownedCount.get(owner.accountId) ?? new Map<string, number>();
    byRegion.set(owner.regionId, (byRegion.get(owner.regionId) ?? 0) + 1);
    ownedCount.set(owner.accountId, byRegion);
    let accepted = 0;
    forEach(rec.members, (m: Membership, projectId) => {
      const member = store.project(state, projectId);
      if (m.imageId !== id || m.projectId !== projectId || member === undefined) {
        bad('M1', `membership ${id}/${projectId} names an unknown project`);
        return;
      }
      if (member.regionId !== owner.regionId) bad('S3', `membership ${id}/${projectId} is outside the image's region`);
      if (projectId === owner.id) bad('S3', `image ${id} is shared with its own project`);
      if (m.since > state.version) bad('W4', `membership ${id}/${projectId} changed after the state's version`);
      if (get((store.projectRecord(state, projectId) as store.ProjectRecord).received[m.status], id) !== m) bad('M1', `membership ${id}/${projectId} is not indexed by its project`);
      if (m.status === 'accepted') accepted++;
    });
    if (accepted !== rec.accepted) bad('S4', `image ${id} counts ${rec.accepted} accepted members but has ${accepted}`);
    if (accepted > state.config.shareLimits[img.kind]) bad('S4', `image ${id} has ${accepted} accepted members, over its limit`);
    if (img.encrypted && size(rec.members) > 0) bad('S5', `encrypted image ${id} is shared`);
  });

  for (const [id, byRegion] of ownedCount) {
    for (const [regionId, n] of byRegion) {
      if (store.imageCount(state, id, regionId) !== n) bad('W3', `account ${id} owns ${n} images in ${regionId} but counts otherwise`);
      if (n > state.config.privateImageQuota) bad('W3', `account ${id} owns ${n} images in ${regionId}, over its quota`);
    }
  }
  forEach(t.retired, (_, id) => {
    if (get(t.images, id) !== undefined) bad('W2', `image ${id} is both live and deleted`);
  });

  const placed = (kind: 'server' | 'disk', id: string, projectId: string, az: string, imageId: string | undefined, rule: RuleId): void => {
    const p = store.project(state, projectId);
    if (p === undefined) bad('E0', `${kind} ${id} names an unknown project`);
    else if (!(store.region(state, p.regionId)?.azs.includes(az) ?? false)) bad(rule, `${kind} ${id} is in an AZ outside its region`);
    if (imageId !== undefined && store.lineage(state, imageId) === undefined) bad(rule, `${kind} ${id} names an image that never existed`);
  };
  forEach(t.servers, (s, id) => placed('server', id, s.projectId, s.az, s.imageId, 'E1'));
  forEach(t.disks, (d, id) => placed('disk', id, d.projectId, d.az, d.imageId, 'E5'));
  return Object.freeze(out);
}
