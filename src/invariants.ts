/**
 * F2: the one list of invariants. Every state a command sequence can produce keeps all of them;
 * `fromSnapshot` refuses any state that breaks one, and `checkInvariants` reports it. Both run
 * this list, so they never disagree. Checked in full: O(size of the world).
 *
 * @module
 */
import { regionOfferedAt } from './catalogue.js';
import type { Region } from './catalogue.js';
import type { Account, DataDisk, Image, Membership, Principal, Project, Server } from './entities.js';
import type { RuleId } from './errors.js';
import { forEach, get, size } from './internal/pmap.js';
import { DISK_IMAGE_KINDS, SERVER_CAPTURE_KINDS, SERVER_IMAGE_KINDS } from './rules/limits.js';
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

type Bad = (rule: RuleId, message: string) => void;

/**
 * The tables of a state read once into plain maps, so that the checks below cost a hash
 * lookup each rather than a walk down a trie (`fromSnapshot` runs them on a million images).
 */
class View {
  readonly accounts = new Map<string, store.AccountRecord>();
  readonly principals = new Map<string, Principal>();
  readonly projects = new Map<string, store.ProjectRecord>();
  readonly images = new Map<string, store.ImageRecord>();
  readonly retired = new Map<string, store.RetiredRecord>();
  readonly servers = new Map<string, Server>();
  readonly disks = new Map<string, DataDisk>();
  readonly regions = new Map<string, Region>();

  constructor(readonly state: State) {
    const t = state.tables;
    forEach(t.accounts, (r, id) => this.accounts.set(id, r));
    forEach(t.principals, (p, id) => this.principals.set(id, p));
    forEach(t.projects, (r, id) => this.projects.set(id, r));
    forEach(t.images, (r, id) => this.images.set(id, r));
    forEach(t.retired, (r, id) => this.retired.set(id, r));
    forEach(t.servers, (r, id) => this.servers.set(id, r.server));
    forEach(t.disks, (r, id) => this.disks.set(id, r.disk));
    for (const r of state.catalogue.regions) this.regions.set(r.id, r);
  }

  account(id: string): Account | undefined {
    return this.accounts.get(id)?.account;
  }

  principal(id: string): Principal | undefined {
    return this.principals.get(id);
  }

  region(id: string): Region | undefined {
    return this.regions.get(id);
  }

  project(id: string): Project | undefined {
    return this.projects.get(id)?.project;
  }

  projectRecord(id: string): store.ProjectRecord | undefined {
    return this.projects.get(id);
  }

  image(id: string): Image | undefined {
    return this.images.get(id)?.image;
  }

  anyImage(id: string): Image | undefined {
    return this.images.get(id)?.image ?? this.retired.get(id)?.image;
  }

  server(id: string): Server | undefined {
    return this.servers.get(id);
  }

  disk(id: string): DataDisk | undefined {
    return this.disks.get(id);
  }

  membership(imageId: string, projectId: string): Membership | undefined {
    const rec = this.images.get(imageId);
    return rec === undefined ? undefined : get(rec.members, projectId);
  }

  accountProjects(accountId: string, regionId: string): readonly Project[] {
    const rec = this.accounts.get(accountId);
    return (rec === undefined ? undefined : get(rec.projectsByRegion, regionId)) ?? [];
  }

  imageCount(accountId: string, regionId: string): number {
    let n = 0;
    for (const p of this.accountProjects(accountId, regionId)) n += this.projects.get(p.id)?.owned.size ?? 0;
    return n;
  }
}



/**
 * Every broken invariant of a state (F2); an empty array means the state is sound:
 * - W1: every account's site is in the catalogue; projects lie in regions their account's site
 *   offers; exactly one default project per account and offered region, with the id
 *   `<accountId>:<regionId>` (F4); project names are unique per account and region.
 * - W2, F4: ids and names, the principal namespace, no account id equal to another account's
 *   name, and every index consistent with the tables.
 * - W3: the private image quota. W4: `version` is a safe integer the clock can still advance;
 *   `image.createdAt <= membership.since <= version`; no two images were made at one version.
 * - R1, R2, R3, E3 (lineage): a parent is created before its child (so lineage is acyclic); a
 *   copy has its source's kind, and lies in its source's region (R1) or in its own account (R2);
 *   an encrypted copy is never of another account's image; an image made from a server belongs
 *   to the server's account and region and is `system` or `full-ecs`.
 * - S3, S4, S5: memberships inside the image's region, never on the owner's project; accepted
 *   members within the kind's limit; no member of an encrypted image.
 * - E1, E5: a server runs a `system` or `full-ecs` image of its own region, in an AZ of it; a
 *   disk holds a `data` image of its own region, in an AZ of it.
 *
 * Given a value that is not a readable state, it reports that instead of throwing.
 *
 * @example
 * ```ts
 * expect(checkInvariants(result.state)).toEqual([]);
 * ```
 */
export function checkInvariants(state: State): readonly InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const bad: Bad = (rule, message) => {
    out.push(Object.freeze({ rule, message }));
  };
  try {
    const v = new View(state);
    checkWorld(v, bad);
    checkProjects(v, bad);
    checkImages(v, bad);
    checkPlacements(v, bad);
  } catch {
    return Object.freeze([Object.freeze({ rule: 'W2' as const, message: 'not a readable state of this library' })]);
  }
  return Object.freeze(out);
}

function checkWorld(v: View, bad: Bad): void {
  const state = v.state;
  const t = state.tables;
  if (!Number.isSafeInteger(state.version) || state.version < 0 || state.version >= Number.MAX_SAFE_INTEGER) {
    bad('W4', `version ${state.version} is not a safe integer from which the clock can advance`);
  }
  const sites = new Set(state.catalogue.sites.map((s) => s.id));
  forEach(t.accounts, (rec, id) => {
    const { account } = rec;
    if (account.id !== id) bad('W2', `account key ${id} holds account ${account.id}`);
    if (get(t.accountNames, account.name) !== id) bad('W2', `account name ${account.name} does not index ${id}`);
    const byName = get(t.accountNames, id);
    if (byName !== undefined && byName !== id) bad('W2', `account id ${id} is the name of account ${byName} (F4)`);
    if (v.principal(id)?.kind !== 'account') bad('W2', `account ${id} is not a principal`);
    if (!sites.has(account.site)) bad('W1', `account ${id} is at site ${account.site}, which the catalogue does not hold`);
    for (const r of state.catalogue.regions) {
      const defaults = v.accountProjects(id, r.id).filter((p) => p.isDefault);
      const offered = regionOfferedAt(r, account.site);
      if (offered && defaults.length !== 1) bad('W1', `account ${id} has ${defaults.length} default projects in ${r.id}, not one`);
      const def = defaults[0];
      if (offered && def !== undefined && def.id !== `${id}:${r.id}`) bad('W1', `default project ${def.id} of ${id} is not ${id}:${r.id} (F4)`);
      if (def !== undefined && v.project(def.id) !== def) bad('W1', `default project ${def.id} of ${id} is not in the projects table`);
    }
  });
  if (size(t.accountNames) !== size(t.accounts)) bad('W2', 'account names and accounts differ in number');
  forEach(t.principals, (p, id) => {
    if (p.id !== id || v.account(p.accountId) === undefined) bad('W2', `principal ${id} has no account`);
  });
}

function checkProjects(v: View, bad: Bad): void {
  const state = v.state;
  const reserved = state.catalogue.regions.map((r) => `:${r.id}`);
  forEach(state.tables.projects, (rec, id) => {
    const p = rec.project;
    const account = v.account(p.accountId);
    const region = v.region(p.regionId);
    if (p.id !== id || account === undefined || region === undefined) {
      bad('W2', `project ${id} names an unknown account or region`);
      return;
    }
    if (!regionOfferedAt(region, account.site)) bad('W1', `project ${id} is in ${p.regionId}, not offered at ${account.site}`);
    const siblings = v.accountProjects(p.accountId, p.regionId);
    if (!siblings.includes(p)) bad('W2', `project ${id} is not indexed by its account`);
    if (siblings.some((q) => q !== p && q.name === p.name)) bad('W2', `project name ${p.name} is used twice by ${p.accountId} in ${p.regionId}`);
    if (!p.isDefault && reserved.some((suffix) => id.endsWith(suffix))) bad('W2', `project ${id} takes a reserved default project id (F4)`);
    forEach(rec.owned, (_, imageId) => {
      if (v.image(imageId)?.ownerProjectId !== id) bad('W2', `project ${id} indexes image ${imageId} it does not own`);
    });
    for (const status of ['pending', 'accepted', 'rejected'] as const) {
      forEach(rec.received[status], (m, imageId) => {
        if (v.membership(imageId, id) !== m || m.status !== status) bad('M1', `project ${id} indexes a stale membership of ${imageId}`);
      });
    }
    forEach(rec.servers, (_, sid) => {
      if (v.server(sid)?.projectId !== id) bad('E0', `project ${id} indexes server ${sid} it does not hold`);
    });
    forEach(rec.disks, (_, did) => {
      if (v.disk(did)?.projectId !== id) bad('E0', `project ${id} indexes disk ${did} it does not hold`);
    });
  });
}

/** Lineage rules of one image, live or deleted (R1, R2, R3, E3, W4). */
function checkLineage(v: View, img: Image, owner: Project, bad: Bad): void {
  const state = v.state;
  if (img.createdAt < 1 || img.createdAt > state.version) bad('W4', `image ${img.id} was made at ${img.createdAt}, outside 1..${state.version}`);
  if (img.derivedFrom === undefined) return;
  const parent = v.anyImage(img.derivedFrom);
  const parentOwner = parent === undefined ? undefined : v.project(parent.ownerProjectId);
  if (parent === undefined || parentOwner === undefined) {
    bad('R3', `image ${img.id} derives from ${img.derivedFrom}, which never existed`);
    return;
  }
  if (parent.createdAt >= img.createdAt) bad('R3', `image ${img.id} was made before its parent ${parent.id}`);
  if (img.sourceServerId !== undefined) {
    const server = v.server(img.sourceServerId);
    const serverProject = server === undefined ? undefined : v.project(server.projectId);
    if (serverProject === undefined || serverProject.accountId !== owner.accountId || serverProject.regionId !== owner.regionId) {
      bad('E3', `image ${img.id} was made from server ${img.sourceServerId} of another account or region`);
    }
    if (!SERVER_CAPTURE_KINDS.includes(img.kind)) bad('E3', `image ${img.id} made from a server is ${img.kind}`);
    return;
  }
  if (img.kind !== parent.kind) bad('R3', `copy ${img.id} is ${img.kind} but its source ${parent.id} is ${parent.kind}`);
  const sameRegion = parentOwner.regionId === owner.regionId;
  if (!sameRegion && parentOwner.accountId !== owner.accountId) bad('R2', `copy ${img.id} crosses regions and accounts at once`);
  if (img.encrypted && parentOwner.accountId !== owner.accountId) bad('R1', `encrypted image ${img.id} is a copy of another account's image`);
}

function checkImages(v: View, bad: Bad): void {
  const state = v.state;
  const t = state.tables;
  const madeAt = new Map<number, string>();
  const ownedCount = new Map<string, number>();
  const visit = (img: Image): Project | undefined => {
    const owner = v.project(img.ownerProjectId);
    if (owner === undefined) {
      bad('W2', `image ${img.id} has no owner project`);
      return undefined;
    }
    const twin = madeAt.get(img.createdAt);
    if (twin !== undefined) bad('W4', `images ${twin} and ${img.id} were both made at version ${img.createdAt}`);
    madeAt.set(img.createdAt, img.id);
    checkLineage(v, img, owner, bad);
    return owner;
  };
  forEach(t.retired, (r, id) => {
    if (r.image.id !== id) bad('W2', `deleted image key ${id} holds ${r.image.id}`);
    if (get(t.images, id) !== undefined) bad('W2', `image ${id} is both live and deleted`);
    visit(r.image);
  });
  forEach(t.images, (rec, id) => {
    const img = rec.image;
    const owner = img.id === id ? visit(img) : undefined;
    if (owner === undefined) {
      if (img.id !== id) bad('W2', `image key ${id} holds ${img.id}`);
      return;
    }
    if (get((v.projectRecord(owner.id) as store.ProjectRecord).owned, id) !== true) bad('W2', `image ${id} is not indexed by its project`);
    const key = `${owner.accountId}\u0000${owner.regionId}`;
    ownedCount.set(key, (ownedCount.get(key) ?? 0) + 1);
    let accepted = 0;
    forEach(rec.members, (m: Membership, projectId) => {
      const member = v.project(projectId);
      if (get(rec.memberSeq, projectId) === undefined) bad('M1', `membership ${id}/${projectId} has no place in creation order`);
      if (m.imageId !== id || m.projectId !== projectId || member === undefined) {
        bad('M1', `membership ${id}/${projectId} names an unknown project`);
        return;
      }
      if (member.regionId !== owner.regionId) bad('S3', `membership ${id}/${projectId} is outside the image's region`);
      if (projectId === owner.id) bad('S3', `image ${id} is shared with its own project`);
      if (m.since < img.createdAt || m.since > state.version) bad('W4', `membership ${id}/${projectId} changed at ${m.since}, outside ${img.createdAt}..${state.version}`);
      if (get((v.projectRecord(projectId) as store.ProjectRecord).received[m.status], id) !== m) bad('M1', `membership ${id}/${projectId} is not indexed by its project`);
      if (m.status === 'accepted') accepted++;
    });
    if (size(rec.memberSeq) !== size(rec.members)) bad('M1', `image ${id} orders ${size(rec.memberSeq)} memberships but holds ${size(rec.members)}`);
    if (accepted !== rec.accepted) bad('S4', `image ${id} counts ${rec.accepted} accepted members but has ${accepted}`);
    if (accepted > state.config.shareLimits[img.kind]) bad('S4', `image ${id} has ${accepted} accepted members, over its limit`);
    if (img.encrypted && size(rec.members) > 0) bad('S5', `encrypted image ${id} is shared`);
  });
  for (const [key, n] of ownedCount) {
    const [accountId, regionId] = key.split('\u0000') as [string, string];
    if (v.imageCount(accountId, regionId) !== n) bad('W3', `account ${accountId} owns ${n} images in ${regionId} but counts otherwise`);
    if (n > state.config.privateImageQuota) bad('W3', `account ${accountId} owns ${n} images in ${regionId}, over its quota`);
  }
}

function checkPlacements(v: View, bad: Bad): void {
  const state = v.state;
  const placed = (kind: 'server' | 'disk', id: string, projectId: string, az: string, imageId: string | undefined, rule: RuleId, kinds: readonly Image['kind'][]): void => {
    const p = v.project(projectId);
    if (p === undefined) {
      bad('E0', `${kind} ${id} names an unknown project`);
      return;
    }
    if (!(v.region(p.regionId)?.azs.includes(az) ?? false)) bad(rule, `${kind} ${id} is in an AZ outside its region`);
    if (get((v.projectRecord(projectId) as store.ProjectRecord)[kind === 'server' ? 'servers' : 'disks'], id) !== true) {
      bad('E0', `${kind} ${id} is not indexed by its project`);
    }
    if (imageId === undefined) return;
    const img = v.anyImage(imageId);
    if (img === undefined) {
      bad(rule, `${kind} ${id} names an image that never existed`);
      return;
    }
    if (!kinds.includes(img.kind)) bad(rule, `${kind} ${id} holds ${img.kind} image ${imageId}`);
    if (v.project(img.ownerProjectId)?.regionId !== p.regionId) bad(rule, `${kind} ${id} holds image ${imageId} of another region`);
  };
  forEach(state.tables.servers, (r, id) => {
    if (r.server.id !== id) bad('W2', `server key ${id} holds ${r.server.id}`);
    placed('server', id, r.server.projectId, r.server.az, r.server.imageId, 'E1', SERVER_IMAGE_KINDS);
  });
  forEach(state.tables.disks, (r, id) => {
    if (r.disk.id !== id) bad('W2', `disk key ${id} holds ${r.disk.id}`);
    placed('disk', id, r.disk.projectId, r.disk.az, r.disk.imageId, 'E5', DISK_IMAGE_KINDS);
  });
}
