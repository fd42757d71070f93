/**
 * F2: the one list of invariants. Every state a command sequence can produce keeps all of them;
 * `fromSnapshot` refuses any state that breaks one, and `checkInvariants` reports it. Both run
 * this list, so they never disagree. Checked in full: O(size of the world).
 *
 * @module
 */
import { regionOfferedAt } from './catalogue.js';
import type { Region } from './catalogue.js';
import type { Account, Image, Membership, Project } from './entities.js';
import type { RuleId } from './errors.js';
import { forEach, get, size } from './internal/pmap.js';
import { DISK_IMAGE_KINDS, MEMBERSHIP_STATUSES, SERVER_CAPTURE_KINDS, SERVER_IMAGE_KINDS } from './rules/limits.js';
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

/** Internal: records by id: a `Map`, or the lists `fromSnapshot` built its tables from. */
export interface RecordsById<R> {
  readonly size: number;
  get(id: string): R | undefined;
  forEach(fn: (record: R, id: string) => void): void;
}

/**
 * The reads the checks make. Accounts and projects, which every entity names, are read from
 * plain maps (a hash lookup each rather than a walk down a trie); everything else from the
 * tables, and only where a check follows a reference.
 *
 * `indexes` says whether to check the indexes too (every derived table against the entities:
 * names, owned sets, received memberships, counts, creation order). `checkInvariants` checks
 * them, since a state may come from anywhere; a state just loaded by `fromSnapshot` has had
 * them built from the snapshot's lists in one place (`snapshot/load.ts`, which also checked
 * every reference), so its load checks the rules of the world only: every F2 rule about the
 * entities themselves, and a test holds `checkInvariants` to `[]` on what it loads.
 */
class View {
  readonly regions = new Map<string, Region>();

  constructor(
    readonly state: State,
    readonly accounts: RecordsById<store.AccountRecord>,
    readonly projects: RecordsById<store.ProjectRecord>,
    readonly indexes: boolean,
  ) {
    for (const r of state.catalogue.regions) this.regions.set(r.id, r);
  }

  /** The view of any state: its accounts and projects read into maps once; indexes checked. */
  static of(state: State): View {
    const accounts = new Map<string, store.AccountRecord>();
    const projects = new Map<string, store.ProjectRecord>();
    forEach(state.tables.accounts, (r, id) => accounts.set(id, r));
    forEach(state.tables.projects, (r, id) => projects.set(id, r));
    return new View(state, accounts, projects, true);
  }

  account(id: string): Account | undefined {
    return this.accounts.get(id)?.account;
  }

  project(id: string): Project | undefined {
    return this.projects.get(id)?.project;
  }

  anyImage(id: string): Image | undefined {
    return store.anyImage(this.state, id);
  }

  accountProjects(accountId: string, regionId: string): readonly Project[] {
    const rec = this.accounts.get(accountId);
    return (rec === undefined ? undefined : get(rec.projectsByRegion, regionId)) ?? [];
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
  return run(() => View.of(state));
}

/**
 * Internal: the same checks on a state just loaded by `fromSnapshot`, with the account and
 * project records it was built from (so they are not read back from the tables).
 */
export function checkLoaded(
  state: State, accounts: RecordsById<store.AccountRecord>, projects: RecordsById<store.ProjectRecord>, images: ImageScan,
): readonly InvariantViolation[] {
  return run(() => new View(state, accounts, projects, false), images);
}

function run(view: () => View, images?: ImageScan): readonly InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const bad: Bad = (rule, message) => {
    out.push(Object.freeze({ rule, message }));
  };
  try {
    const v = view();
    checkWorld(v, bad);
    checkProjects(v, bad);
    checkImages(v, bad, images);
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
    forEach(rec.projectsByRegion, (inRegion, regionId) => {
      const at = regionAt.get(regionId);
      if (at === undefined) return; // a project in no region of the catalogue: checkProjects names it
      seen[at] = stamp;
      const r = regions[at] as Region;
      let defaults = 0;
      let def: Project | undefined;
      let images = 0;
      for (const p of inRegion) {
        if (p.isDefault) {
          defaults++;
          def ??= p;
        }
        images += v.projects.get(p.id)?.owned.size ?? 0;
      }
      counted += images;
      if (inRegion.length > 1) {
        const names = new Set(inRegion.map((p) => p.name));
        if (names.size < inRegion.length) bad('W2', `a project name is used twice by ${id} in ${r.id}`);
      }
      const offered = regionOfferedAt(r, account.site);
      if (offered && defaults !== 1) bad('W1', `account ${id} has ${defaults} default projects in ${r.id}, not one`);
      if (offered && def !== undefined && def.id !== `${id}:${r.id}`) bad('W1', `default project ${def.id} of ${id} is not ${id}:${r.id} (F4)`);
      if (v.indexes && def !== undefined && v.project(def.id) !== def) bad('W1', `default project ${def.id} of ${id} is not in the projects table`);
      if (images > quota) bad('W3', `account ${id} owns ${images} images in ${r.id}, over its quota`);
    });
    regions.forEach((r, at) => {
      if (seen[at] !== stamp && regionOfferedAt(r, account.site)) bad('W1', `account ${id} has 0 default projects in ${r.id}, not one`);
    });
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

function checkProjects(v: View, bad: Bad): void {
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
    if (!v.accountProjects(p.accountId, p.regionId).includes(p)) bad('W2', `project ${id} is not indexed by its account`);
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
    const server = store.server(state, img.sourceServerId);
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

/**
 * W4: no two images made at one version. Versions lie in 0..version, so when that range is not
 * much larger than the number of images, one byte per version finds a repeat; otherwise a set.
 * The images of a repeated version are named in a second pass (only when there is one).
 */
class MadeAt {
  private readonly marks: Uint8Array | undefined;
  private readonly seenVersions = new Set<number>();
  readonly repeated = new Set<number>();

  constructor(version: number, images: number) {
    this.marks = Number.isSafeInteger(version) && version >= 0 && version <= 8 * images + 1024 ? new Uint8Array(version + 1) : undefined;
  }

  add(createdAt: number): void {
    const marks = this.marks;
    if (marks !== undefined && Number.isInteger(createdAt) && createdAt >= 0 && createdAt < marks.length) {
      if (marks[createdAt] === 0) marks[createdAt] = 1;
      else this.repeated.add(createdAt);
      return;
    }
    if (this.seenVersions.has(createdAt)) this.repeated.add(createdAt);
    this.seenVersions.add(createdAt);
  }
}

/**
 * Internal: the first look at every image (W4: a creation time of its own), which picks the
 * images that need more: those with a parent or a time outside the clock (their lineage reads
 * their owner), and those with memberships. `checkInvariants` makes one as it walks the images;
 * `fromSnapshot` feeds one the images of the snapshot as it makes their records, so a load
 * does not walk a million images twice.
 */
export class ImageScan {
  private readonly madeAt: MadeAt;
  /** Images whose lineage or creation time needs their owner. */
  readonly deeper: Image[] = [];
  /** Records with memberships (or, in a state from anywhere, anything counted about them). */
  readonly shared: store.ImageRecord[] = [];

  constructor(private readonly version: number, images: number) {
    this.madeAt = new MadeAt(version, images);
  }

  /** Looks at one image, live or deleted. */
  image(img: Image): void {
    this.madeAt.add(img.createdAt);
    if (img.derivedFrom !== undefined || img.createdAt < 1 || img.createdAt > this.version) this.deeper.push(img);
  }

  /** Looks at a live image's record. */
  record(rec: store.ImageRecord): void {
    this.image(rec.image);
    if (rec.members.size > 0 || rec.memberSeq.size > 0 || rec.accepted !== 0) this.shared.push(rec);
  }

  /** The versions at which more than one image was made. */
  get repeated(): ReadonlySet<number> {
    return this.madeAt.repeated;
  }
}

/** The scan of a state's images, with the index checks of each (a state from anywhere). */
function scanState(v: View, bad: Bad): ImageScan {
  const t = v.state.tables;
  const scan = new ImageScan(v.state.version, size(t.images) + size(t.retired));
  forEach(t.retired, (r, id) => {
    if (r.image.id !== id) bad('W2', `deleted image key ${id} holds ${r.image.id}`);
    if (get(t.images, id) !== undefined) bad('W2', `image ${id} is both live and deleted`);
    if (v.project(r.image.ownerProjectId) === undefined) bad('W2', `image ${r.image.id} has no owner project`);
    scan.image(r.image);
  });
  forEach(t.images, (rec, id) => {
    const img = rec.image;
    if (img.id !== id) {
      bad('W2', `image key ${id} holds ${img.id}`);
      return;
    }
    const owner = v.projects.get(img.ownerProjectId);
    if (owner === undefined) bad('W2', `image ${id} has no owner project`);
    else if (get(owner.owned, id) !== true) bad('W2', `image ${id} is not indexed by its project`);
    scan.record(rec);
  });
  return scan;
}

function checkImages(v: View, bad: Bad, loaded?: ImageScan): void {
  const state = v.state;
  const scan = loaded ?? scanState(v, bad);
  for (const img of scan.deeper) {
    const owner = v.project(img.ownerProjectId);
    if (owner !== undefined) checkLineage(v, img, owner, bad);
  }
  const limits = state.config.shareLimits;
  for (const rec of scan.shared) {
    const img = rec.image;
    const id = img.id;
    const owner = v.project(img.ownerProjectId);
    if (owner === undefined) continue;
    let accepted = 0;
    forEach(rec.members, (m: Membership, projectId) => {
      const member = v.projects.get(projectId);
      if (get(rec.memberSeq, projectId) === undefined) bad('M1', `membership ${id}/${projectId} has no place in creation order`);
      if (m.imageId !== id || m.projectId !== projectId || member === undefined) {
        bad('M1', `membership ${id}/${projectId} names an unknown project`);
        return;
      }
      if (member.project.regionId !== owner.regionId) bad('S3', `membership ${id}/${projectId} is outside the image's region`);
      if (projectId === owner.id) bad('S3', `image ${id} is shared with its own project`);
      if (m.since < img.createdAt || m.since > state.version) bad('W4', `membership ${id}/${projectId} changed at ${m.since}, outside ${img.createdAt}..${state.version}`);
      if (get(member.received[m.status], id) !== m) bad('M1', `membership ${id}/${projectId} is not indexed by its project`);
      if (m.status === 'accepted') accepted++;
    });
    if (size(rec.memberSeq) !== size(rec.members)) bad('M1', `image ${id} orders ${size(rec.memberSeq)} memberships but holds ${size(rec.members)}`);
    if (accepted !== rec.accepted) bad('S4', `image ${id} counts ${rec.accepted} accepted members but has ${accepted}`);
    if (accepted > limits[img.kind]) bad('S4', `image ${id} has ${accepted} accepted members, over its limit`);
    if (img.encrypted && size(rec.members) > 0) bad('S5', `encrypted image ${id} is shared`);
  }
  if (scan.repeated.size > 0) {
    const byVersion = new Map<number, string[]>();
    const note = (img: Image): void => {
      if (scan.repeated.has(img.createdAt)) byVersion.set(img.createdAt, [...(byVersion.get(img.createdAt) ?? []), img.id]);
    };
    forEach(state.tables.retired, (r) => note(r.image));
    forEach(state.tables.images, (r) => note(r.image));
    for (const [at, ids] of byVersion) bad('W4', `images ${ids.join(' and ')} were both made at version ${at}`);
  }
}

function checkPlacements(v: View, bad: Bad): void {
  const state = v.state;
  const placed = (kind: 'server' | 'disk', id: string, projectId: string, az: string, imageId: string | undefined, rule: RuleId, kinds: readonly Image['kind'][]): void => {
    const rec = v.projects.get(projectId);
    if (rec === undefined) {
      bad('E0', `${kind} ${id} names an unknown project`);
      return;
    }
    const p = rec.project;
    if (!(v.regions.get(p.regionId)?.azs.includes(az) ?? false)) bad(rule, `${kind} ${id} is in an AZ outside its region`);
    if (v.indexes && get(rec[kind === 'server' ? 'servers' : 'disks'], id) !== true) bad('E0', `${kind} ${id} is not indexed by its project`);
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
