/**
 * The tables of a snapshot's entities (F1), and its references checked on the way. Built for a
 * million images: every table is bulk-loaded from arrays (`fromArrays`); accounts and projects
 * (which every entity names) are found through an `IdIndex` by the tries' hash, and the only
 * `Map`s are the groups of memberships and lineage links by image. What is gathered per project, per account or per image is grouped
 * over typed arrays (`grouped.ts`), not kept in an array per group.
 *
 * References to images are checked by consumption, not by lookup: each image takes its group
 * of memberships and its lineage as its record is made, and a group that no image took names
 * an image that does not exist. Few images have either, so an `IdFilter` of the groups' ids
 * answers for the others without a `Map` lookup, from the hashes the images table is then
 * built with. Duplicate ids show as a table smaller than its list.
 *
 * Creation order is the order of the lists: sequence numbers go to accounts, then projects,
 * memberships, servers and disks, as the state that was saved gave them out.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Catalogue } from '../catalogue.js';
import type { IamUser, Image, Membership, Principal } from '../entities.js';
import { ImageScan, type RecordsById } from '../invariants.js';
import type { InputIssue } from '../errors.js';
import { IdFilter } from '../internal/id-filter.js';
import { IdIndex } from '../internal/id-index.js';
import { type PMap, fromArrays, fromHashedArrays, get, hashesOf } from '../internal/pmap.js';
import type { WorldConfig } from '../rules/limits.js';
import type {
  AccountRecord, DiskRecord, ImageRecord, Lineage, ProjectRecord, RetiredRecord, ServerRecord, State,
} from '../state/store.js';
import { EMPTY_LINEAGE, unsharedImage } from '../state/tx.js';
import { makeState } from '../state/world.js';
import type { Lists } from './lists.js';
import { Chains, Grouped } from './grouped.js';
import { type Gathered, Listed, type ProjectDraft, byRegion, idSet, projectRecord } from './records.js';

/** What a load gives: the state with its account and project records by id, or the issues. */
export type Loaded =
  | {
    readonly ok: true; readonly state: State; readonly accounts: RecordsById<AccountRecord>; readonly projects: RecordsById<ProjectRecord>;
    /** The first look at every image (W4), taken as its record was made. */
    readonly images: ImageScan;
  }
  | { readonly ok: false; readonly issues: readonly InputIssue[] };

/** What names an image (X1): derived images, servers and disks; `taken` once the image is found. */
interface LineageLinks { derived?: string[]; servers?: string[]; disks?: string[]; taken: boolean }

function group<V>(map: Map<string, V>, key: string, make: () => V): V {
  let g = map.get(key);
  if (g === undefined) map.set(key, (g = make()));
  return g;
}

function add(list: string[] | undefined, id: string): string[] {
  if (list === undefined) return [id];
  list.push(id);
  return list;
}

class Issues {
  readonly list: InputIssue[] = [];
  ref(path: (string | number)[], message: string): void {
    this.list.push({ path, message, code: 'unknown_reference' });
  }
  duplicate(what: string, i: number, id: string): void {
    this.list.push({ path: [what, i], message: `duplicate ${what} id '${id}' (W2)`, code: 'duplicate_id' });
  }
  /** Reports the repeated ids of a list (only called when a table came out smaller than its list). */
  duplicates(what: string, ids: readonly string[]): void {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) this.duplicate(what, i, id);
      seen.add(id);
    });
  }
}

/** The record of an image without memberships, frozen. */
const unshared = (image: Image, lineage: Lineage): ImageRecord => Object.freeze(unsharedImage(image, lineage));

/** Loads a table from a list: ids as keys; repeated ids are reported. */
function table<T, R>(issues: Issues, what: string, list: readonly T[], id: (x: T) => string, record: (x: T) => R): PMap<R> {
  const keys = list.map(id);
  const map = fromArrays(keys, list.map(record));
  if (map.size < keys.length) issues.duplicates(what, keys);
  return map;
}

/**
 * Builds the state of a snapshot's (already shape-checked) lists, or reports the references
 * that fail. The invariants are checked afterwards, on the records this returns.
 */
export function load(version: number, config: WorldConfig, catalogue: Catalogue, lists: Lists): Loaded {
  const issues = new Issues();
  let serial = 0;

  // Accounts and projects by their place in their lists (the last place of a repeated id),
  // indexed by the hashes their tables are then built with.
  const accountIds = lists.accounts.map((a) => a.id);
  const accountHashes = hashesOf(accountIds);
  const accountAt = new IdIndex(accountIds, accountHashes);
  for (const i of accountAt.repeats) issues.duplicate('accounts', i, accountIds[i] as string);
  serial += lists.accounts.length;
  const users = new Map<string, IamUser>();
  lists.iamUsers.forEach((u, i) => {
    if (users.has(u.id)) issues.duplicate('iamUsers', i, u.id);
    users.set(u.id, u);
    if (accountAt.get(u.id) !== undefined) issues.ref(['iamUsers'], `principal id '${u.id}' is both an account and an IAM user (W2)`);
    if (accountAt.get(u.accountId) === undefined) issues.ref(['iamUsers'], `IAM user '${u.id}' names unknown account '${u.accountId}'`);
  });
  const projectIds = lists.projects.map((p) => p.id);
  const projectHashes = hashesOf(projectIds);
  const projectAt = new IdIndex(projectIds, projectHashes);
  const drafts = new Array<ProjectDraft | undefined>(lists.projects.length);
  const accountOf = new Int32Array(lists.projects.length);
  let repeat = 0;
  lists.projects.forEach((p, i) => {
    if (projectAt.repeats[repeat] === i) {
      issues.duplicate('projects', i, p.id);
      repeat++;
    }
    const owner = accountAt.get(p.accountId);
    if (owner === undefined) issues.ref(['projects'], `project '${p.id}' names unknown account '${p.accountId}'`);
    accountOf[i] = owner ?? -1;
  });
  const projectsByAccount = new Grouped(accountOf, lists.accounts.length);
  const projectSeq0 = serial;
  serial += lists.projects.length;
  const projects = {
    get(id: string): ProjectDraft | undefined {
      const i = projectAt.get(id);
      return i === undefined ? undefined : (drafts[i] ??= { servers: undefined, disks: undefined });
    },
  };

  const lineage = new Map<string, LineageLinks>();
  const links = (id: string): LineageLinks => group(lineage, id, () => ({ taken: false }));
  const ownerOf = new Int32Array(lists.images.length);
  let lastOwner = 0;
  for (const [what, list] of [['deletedImages', lists.deletedImages], ['images', lists.images]] as const) {
    for (let i = 0; i < list.length; i++) {
      const img = list[i] as Image;
      const owner = projectAt.getNear(img.ownerProjectId, lastOwner);
      if (owner === undefined) issues.ref([what], `image '${img.id}' names unknown project '${img.ownerProjectId}'`);
      else lastOwner = owner;
      if (what === 'images') ownerOf[i] = owner ?? -1;
      if (img.derivedFrom !== undefined) {
        const l = links(img.derivedFrom);
        l.derived = add(l.derived, img.id);
      }
    }
  }
  const imagesByProject = new Grouped(ownerOf, lists.projects.length);

  const members = new Chains(lists.memberships.length);
  const memberOf = new Int32Array(lists.memberships.length);
  const membershipSeq0 = serial;
  serial += lists.memberships.length;
  lists.memberships.forEach((m, k) => {
    members.add(m.imageId, k);
    const p = projectAt.get(m.projectId);
    if (p === undefined) issues.ref(['memberships'], `membership ${m.imageId}/${m.projectId} names an unknown image or project`);
    memberOf[k] = p ?? -1;
  });
  const membershipsByProject = new Grouped(memberOf, lists.projects.length);

  const servers = table(issues, 'servers', lists.servers, (x) => x.id, (x): ServerRecord => Object.freeze({ server: x, seq: serial++ }));
  const disks = table(issues, 'disks', lists.disks, (x) => x.id, (x): DiskRecord => Object.freeze({ disk: x, seq: serial++ }));
  for (const [what, list] of [['servers', lists.servers], ['disks', lists.disks]] as const) {
    for (const x of list) {
      const p = projects.get(x.projectId);
      if (p === undefined) issues.ref([what], `'${x.id}' names unknown project '${x.projectId}'`);
      else if (what === 'servers') p.servers = add(p.servers, x.id);
      else p.disks = add(p.disks, x.id);
      if (x.imageId === undefined) continue;
      const l = links(x.imageId);
      if (what === 'servers') l.servers = add(l.servers, x.id);
      else l.disks = add(l.disks, x.id);
    }
  }

  const lineageOf = (id: string): Lineage => {
    const l = lineage.get(id);
    if (l === undefined) return EMPTY_LINEAGE;
    l.taken = true;
    return Object.freeze({ derived: idSet(l.derived), servers: idSet(l.servers), disks: idSet(l.disks) });
  };
  const scan = new ImageScan(version, lists.images.length + lists.deletedImages.length);
  /** The record of an image that may have memberships or lineage. */
  const imageRecord = (img: Image): ImageRecord => {
    const at = members.claim(img.id);
    if (at === undefined) return unshared(img, lineageOf(img.id));
    const list = at.map((k) => lists.memberships[k] as Membership);
    const projectIds = list.map((m) => m.projectId);
    let accepted = 0;
    for (const m of list) if (m.status === 'accepted') accepted++;
    const byProject = fromArrays(projectIds, list);
    if (byProject.size < projectIds.length) issues.duplicates('memberships', projectIds.map((p) => `${img.id}/${p}`));
    return Object.freeze({ image: img, members: byProject, memberSeq: fromArrays(projectIds, at.map((k) => membershipSeq0 + k)), accepted, lineage: lineageOf(img.id) });
  };
  // Only a few images have memberships or lineage: the filter answers for the others, so their
  // ids are hashed once (by the maps' hash, which the images table reuses) and never by V8.
  const named = new IdFilter(members.size + lineage.size);
  for (const id of members.keys()) named.add(id);
  for (const id of lineage.keys()) named.add(id);
  const imageIds = lists.images.map((img) => img.id);
  const imageHashes = hashesOf(imageIds);
  const imageRecords = lists.images.map((img, i): ImageRecord => {
    const rec = named.mayHold(imageHashes[i] as number) ? imageRecord(img) : unshared(img, EMPTY_LINEAGE);
    scan.record(rec);
    return rec;
  });
  const images = fromHashedArrays(imageIds, imageHashes, imageRecords);
  if (images.size < imageIds.length) issues.duplicates('images', imageIds);

  const retired = table(issues, 'deletedImages', lists.deletedImages, (img) => img.id, (img): RetiredRecord => {
    scan.image(img);
    return Object.freeze({ image: img, lineage: lineageOf(img.id) });
  });
  for (const img of lists.deletedImages) {
    if (get(images, img.id) !== undefined) issues.ref(['deletedImages'], `image '${img.id}' is both live and deleted`);
  }
  for (const [what, list] of [['images', lists.images], ['deletedImages', lists.deletedImages]] as const) {
    for (const img of list) {
      if (img.sourceServerId !== undefined && (get(servers, img.sourceServerId) === undefined || img.derivedFrom === undefined)) {
        issues.ref([what], `image '${img.id}' names unknown server '${img.sourceServerId}', or no image it derives from`);
      }
    }
  }
  for (const [imageId, at] of members.unclaimed()) {
    for (const k of at) issues.ref(['memberships'], `membership ${imageId}/${(lists.memberships[k] as Membership).projectId} names an unknown image or project`);
  }
  for (const [imageId, l] of lineage) {
    if (l.taken) continue;
    for (const id of l.derived ?? []) issues.ref(['images'], `image '${id}' derives from '${imageId}' that never existed`);
    for (const id of l.servers ?? []) issues.ref(['servers'], `'${id}' names image '${imageId}' that never existed`);
    for (const id of l.disks ?? []) issues.ref(['disks'], `'${id}' names image '${imageId}' that never existed`);
  }
  if (issues.list.length > 0) return { ok: false, issues: issues.list };

  const accountRecords = lists.accounts.map((account, i): AccountRecord =>
    Object.freeze({ account, regions: byRegion(projectsByAccount, i, lists.projects, imagesByProject), seq: i }));
  const gathered: Gathered = { drafts, images: imagesByProject, imageIds, memberships: membershipsByProject, membershipList: lists.memberships };
  const projectRecords = lists.projects.map((p, i) => projectRecord(p, i, gathered, projectSeq0 + i));
  const principals: Principal[] = [];
  for (const a of lists.accounts) principals.push(Object.freeze({ id: a.id, kind: 'account', accountId: a.id }));
  for (const u of lists.iamUsers) principals.push(Object.freeze({ id: u.id, kind: 'iamUser', accountId: u.accountId }));

  const state = makeState(version, config, catalogue, {
    principals: fromArrays(principals.map((p) => p.id), principals),
    accounts: fromHashedArrays(accountIds, accountHashes, accountRecords),
    accountNames: fromArrays(lists.accounts.map((a) => a.name), lists.accounts.map((a) => a.id)),
    projects: fromHashedArrays(projectIds, projectHashes, projectRecords),
    images,
    retired,
    servers,
    disks,
    serial,
  });
  return { ok: true, state, accounts: new Listed(accountAt, accountRecords), projects: new Listed(projectAt, projectRecords), images: scan };
}
