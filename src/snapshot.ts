/**
 * Persistence: `toSnapshot` gives plain JSON; `fromSnapshot` checks its shape with zod, then
 * its references and the invariants, and never throws (SPEC §8).
 *
 * @module
 */
import { z } from 'zod';
import type { Catalogue } from './catalogue.js';
import type { Account, DataDisk, IamUser, Image, Membership, Principal, Project, Server } from './entities.js';
import type { InputIssue, RuleViolation } from './errors.js';
import { toIssues, violation } from './errors.js';
import { deepFreeze, frozenSchema } from './internal/freeze.js';
import { type PMap, forEach, fromEntries, get } from './internal/pmap.js';
import { checkInvariants } from './invariants.js';
import { IMAGE_KINDS, MEMBERSHIP_STATUSES, type MembershipStatus, SERVER_FLAVORS, type WorldConfig } from './rules/limits.js';
import { imagesInOrder, recordsInOrder, sortBy } from './state/order.js';
import {
  type AccountRecord, type DiskRecord, type ImageRecord, type Lineage, type ProjectRecord, type RetiredRecord, type ServerRecord,
  type State, isState,
} from './state/store.js';
import { EMPTY_LINEAGE, EMPTY_RECEIVED } from './state/tx.js';
import { catalogueShape, configShape } from './state/shapes.js';
import { makeState, resolveConfig } from './state/world.js';

/**
 * The format tag of a snapshot.
 *
 * @example
 * ```ts
 * toSnapshot(state).format === SNAPSHOT_FORMAT; // true
 * ```
 */
export const SNAPSHOT_FORMAT = 'ims-sharing/snapshot@2';

/** A fresh snapshot schema: every call makes new instances, so the exported one shares nothing with the one in use. */
const shape = () => {
  const id = () => z.string().min(1);
  const version = () => z.number().int().nonnegative();
  const image = () => z.object({
    id: id(), name: id(), kind: z.enum(IMAGE_KINDS), ownerProjectId: id(), encrypted: z.boolean(),
    derivedFrom: id().optional(), sourceServerId: id().optional(), createdAt: version(),
  }).strict();
  return z.object({
    format: z.literal(SNAPSHOT_FORMAT),
    version: version(),
    config: configShape(),
    catalogue: catalogueShape(),
    accounts: z.array(z.object({ id: id(), name: id(), site: id() }).strict()),
    iamUsers: z.array(z.object({ id: id(), accountId: id() }).strict()),
    projects: z.array(z.object({ id: id(), accountId: id(), regionId: id(), name: id(), isDefault: z.boolean() }).strict()),
    images: z.array(image()),
    deletedImages: z.array(image()),
    memberships: z.array(z.object({ imageId: id(), projectId: id(), status: z.enum(MEMBERSHIP_STATUSES), since: version() }).strict()),
    servers: z.array(z.object({
      id: id(), projectId: id(), az: id(), flavor: z.enum(SERVER_FLAVORS), imageId: id(), eip: id().optional(),
    }).strict()),
    disks: z.array(z.object({ id: id(), projectId: id(), az: id(), imageId: id().optional() }).strict()),
  }).strict();
};

/**
 * Snapshots that walk every part of the schema before it is frozen (zod finishes some of its
 * parts on their first parse): one of each entity with every optional field, and broken ones.
 */
function shapeSamples(): unknown[] {
  const image = { id: 'i', name: 'n', kind: 'system', ownerProjectId: 'p', encrypted: false, derivedFrom: 'j', sourceServerId: 's', createdAt: 1 };
  const full = {
    format: SNAPSHOT_FORMAT, version: 1,
    config: { privateImageQuota: 1, shareLimits: { system: 1 } },
    catalogue: { sites: [{ id: 's' }], regions: [{ id: 'r', name: 'R', sites: ['s'], azs: ['a'] }] },
    accounts: [{ id: 'a', name: 'A', site: 's' }], iamUsers: [{ id: 'u', accountId: 'a' }],
    projects: [{ id: 'p', accountId: 'a', regionId: 'r', name: 'p', isDefault: true }],
    images: [image], deletedImages: [image],
    memberships: [{ imageId: 'i', projectId: 'p', status: 'pending', since: 1 }],
    servers: [{ id: 's', projectId: 'p', az: 'a', flavor: 'ecs', imageId: 'i', eip: 'e' }],
    disks: [{ id: 'd', projectId: 'p', az: 'a', imageId: 'i' }],
  };
  const broken = Object.keys(full).map((key) => ({ ...full, [key]: [0] }));
  return [full, ...broken, { ...full, catalogue: { sites: [{ id: 's' }, { id: 's' }], regions: [{ id: 'r', name: 'R', sites: ['t'], azs: ['a', 'a'] }] } }];
}

/** The instance `fromSnapshot` uses; the exported one is a frozen twin, so no caller can change this one. */
const snapshotShape = shape();

/**
 * The zod schema of a snapshot (its shape only; `fromSnapshot` also checks references and
 * invariants). Deeply frozen (F3): `fromSnapshot` uses a twin of its own.
 *
 * @example
 * ```ts
 * snapshotSchema.safeParse(JSON.parse(text)).success;
 * ```
 */
export const snapshotSchema: ReturnType<typeof shape> = frozenSchema(shape(), shapeSamples());

/**
 * A snapshot: plain JSON. Accounts, projects, memberships, servers and disks are listed in
 * creation order, images and deleted images by `createdAt` (their creation order), IAM users
 * by id: everything a state knows, so that `fromSnapshot(toSnapshot(s))` answers every query
 * and command exactly as `s` does (F1).
 *
 * @example
 * ```ts
 * const snapshot: Snapshot = toSnapshot(state);
 * ```
 */
export type Snapshot = z.infer<typeof snapshotShape>;

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const plain = <T extends object>(x: T): T => ({ ...x });

/**
 * The state as plain JSON (SPEC §8, F1): equal states give equal snapshots, and the snapshot
 * reloads into a state that answers everything as this one does. Given anything that is not a
 * state it returns `undefined` (F3).
 *
 * @example
 * ```ts
 * const text = JSON.stringify(toSnapshot(state));
 * ```
 */
export function toSnapshot(state: State): Snapshot;
export function toSnapshot(state: unknown): Snapshot | undefined;
export function toSnapshot(state: unknown): Snapshot | undefined {
  if (!isState(state)) return undefined;
  const t = state.tables;
  const images: Image[] = [];
  const memberships: { m: Membership; seq: number }[] = [];
  forEach(t.images, (rec) => {
    images.push(plain(rec.image));
    forEach(rec.members, (m, projectId) => memberships.push({ m: plain(m), seq: get(rec.memberSeq, projectId) as number }));
  });
  const deletedImages: Image[] = [];
  forEach(t.retired, (r) => deletedImages.push(plain(r.image)));
  const iamUsers: IamUser[] = [];
  forEach(t.principals, (p) => {
    if (p.kind === 'iamUser') iamUsers.push({ id: p.id, accountId: p.accountId });
  });
  return {
    format: SNAPSHOT_FORMAT,
    version: state.version,
    config: { privateImageQuota: state.config.privateImageQuota, shareLimits: { ...state.config.shareLimits } },
    catalogue: structuredClone(state.catalogue) as Snapshot['catalogue'],
    accounts: recordsInOrder(t.accounts).map((r) => plain(r.account)),
    iamUsers: iamUsers.sort(byId),
    projects: recordsInOrder(t.projects).map((r) => plain(r.project)),
    images: imagesInOrder(images),
    deletedImages: imagesInOrder(deletedImages),
    memberships: sortBy(memberships, (x) => x.seq).map((x) => x.m),
    servers: recordsInOrder(t.servers).map((r) => plain(r.server)),
    disks: recordsInOrder(t.disks).map((r) => plain(r.disk)),
  } as Snapshot;
}

/**
 * What {@link fromSnapshot} returns.
 *
 * @example
 * ```ts
 * const r: SnapshotResult = fromSnapshot(JSON.parse(text));
 * ```
 */
export type SnapshotResult = { readonly ok: true; readonly state: State } | { readonly ok: false; readonly error: RuleViolation };

function refused(message: string, issues: readonly InputIssue[]): SnapshotResult {
  return Object.freeze({ ok: false, error: violation({ code: 'invalid_input', rule: 'snapshot', message, issues: deepFreeze([...issues]) }) });
}

/** A copy without keys whose value is `undefined`: an absent optional field stays absent (F1). */
function definedOnly(x: object): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = v;
  return out;
}

function unique<T>(items: readonly T[], key: (x: T) => string, what: string, issues: InputIssue[]): Map<string, T> {
  const map = new Map<string, T>();
  items.forEach((x, i) => {
    if (map.has(key(x))) issues.push({ path: [what, i], message: `duplicate ${what} id '${key(x)}' (W2)`, code: 'duplicate_id' });
    map.set(key(x), Object.freeze(definedOnly(x as object)) as T);
  });
  return map;
}

/**
 * Rebuilds a state from a snapshot: shape (zod), then references, then every invariant of
 * {@link checkInvariants} (F2: the same list, so the two never disagree). Never throws;
 * anything wrong gives `invalid_input` with the issues.
 *
 * @example
 * ```ts
 * const r = fromSnapshot(JSON.parse(text));
 * if (r.ok) state = r.state;
 * ```
 */
export function fromSnapshot(json: unknown): SnapshotResult {
  let parsed: ReturnType<typeof snapshotShape.safeParse>;
  try {
    parsed = snapshotShape.safeParse(json);
  } catch {
    return refused('the snapshot could not be read', []);
  }
  if (!parsed.success) {
    return refused(`the snapshot does not have the shape of a snapshot (format '${SNAPSHOT_FORMAT}')`, toIssues(parsed.error.issues));
  }
  const s = parsed.data;
  const issues: InputIssue[] = [];
  const ref = (ok: boolean, path: (string | number)[], message: string): void => {
    if (!ok) issues.push({ path, message, code: 'unknown_reference' });
  };
  const accounts = unique(s.accounts as Account[], (a) => a.id, 'accounts', issues);
  const users = unique(s.iamUsers as IamUser[], (u) => u.id, 'iamUsers', issues);
  const projects = unique(s.projects as Project[], (p) => p.id, 'projects', issues);
  const images = unique(s.images as Image[], (i) => i.id, 'images', issues);
  const deleted = unique(s.deletedImages as Image[], (i) => i.id, 'deletedImages', issues);
  const servers = unique(s.servers as Server[], (x) => x.id, 'servers', issues);
  const disks = unique(s.disks as DataDisk[], (x) => x.id, 'disks', issues);
  const members = unique(s.memberships as Membership[], (m) => JSON.stringify([m.imageId, m.projectId]), 'memberships', issues);
  for (const u of users.values()) {
    ref(!accounts.has(u.id), ['iamUsers'], `principal id '${u.id}' is both an account and an IAM user (W2)`);
    ref(accounts.has(u.accountId), ['iamUsers'], `IAM user '${u.id}' names unknown account '${u.accountId}'`);
  }
  for (const p of projects.values()) ref(accounts.has(p.accountId), ['projects'], `project '${p.id}' names unknown account '${p.accountId}'`);
  const ever = (id: string): boolean => images.has(id) || deleted.has(id);
  for (const id of deleted.keys()) ref(!images.has(id), ['deletedImages'], `image '${id}' is both live and deleted`);
  for (const [what, list] of [['images', images], ['deletedImages', deleted]] as const) {
    for (const i of list.values()) {
      ref(projects.has(i.ownerProjectId), [what], `image '${i.id}' names unknown project '${i.ownerProjectId}'`);
      ref(i.derivedFrom === undefined || ever(i.derivedFrom), [what], `image '${i.id}' derives from '${i.derivedFrom}' that never existed`);
      ref(i.sourceServerId === undefined || (servers.has(i.sourceServerId) && i.derivedFrom !== undefined), [what],
        `image '${i.id}' names unknown server '${i.sourceServerId}', or no image it derives from`);
    }
  }
  for (const m of members.values()) {
    ref(images.has(m.imageId) && projects.has(m.projectId), ['memberships'], `membership ${m.imageId}/${m.projectId} names an unknown image or project`);
  }
  for (const [what, list] of [['servers', [...servers.values()]], ['disks', [...disks.values()]]] as const) {
    for (const x of list) {
      ref(projects.has(x.projectId), [what], `'${x.id}' names unknown project '${x.projectId}'`);
      ref(x.imageId === undefined || ever(x.imageId), [what], `'${x.id}' names image '${x.imageId}' that never existed`);
    }
  }
  if (issues.length > 0) return refused('the snapshot refers to entities it does not hold', issues);

  const config: WorldConfig = resolveConfig(s.config as WorldConfig);
  const catalogue = deepFreeze(structuredClone(s.catalogue)) as Catalogue;
  const state = build(s.version, config, catalogue, { accounts, users, projects, images, deleted, members, servers, disks });
  const broken = checkInvariants(state);
  if (broken.length > 0) {
    return refused('the snapshot breaks the invariants', broken.map((b) => ({ path: [], message: `${b.rule}: ${b.message}`, code: 'invariant' })));
  }
  return Object.freeze({ ok: true, state });
}

interface Parts {
  accounts: Map<string, Account>;
  users: Map<string, IamUser>;
  projects: Map<string, Project>;
  images: Map<string, Image>;
  deleted: Map<string, Image>;
  members: Map<string, Membership>;
  servers: Map<string, Server>;
  disks: Map<string, DataDisk>;
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}

interface LineageLists { derived: string[]; servers: string[]; disks: string[] }

/** The tables of a snapshot's entities; creation order is the order of the snapshot's lists (F1). */
function build(version: number, config: WorldConfig, catalogue: Catalogue, p: Parts): State {
  let serial = 0;
  type Draft = { project: Project; seq: number; owned: [string, true][]; servers: [string, true][]; disks: [string, true][]; received: Record<MembershipStatus, [string, Membership][]> };
  const projects = new Map<string, Draft>();
  const accountProjects = new Map<string, Project[]>();
  const accountSeq = new Map<string, number>();
  for (const a of p.accounts.values()) accountSeq.set(a.id, serial++);
  for (const proj of p.projects.values()) {
    projects.set(proj.id, { project: proj, seq: serial++, owned: [], servers: [], disks: [], received: { pending: [], accepted: [], rejected: [] } });
    push(accountProjects, proj.accountId, proj);
  }
  const imageMembers = new Map<string, [string, Membership][]>();
  const memberSeq = new Map<string, [string, number][]>();
  const lineage = new Map<string, LineageLists>();
  const lin = (id: string): LineageLists => {
    let l = lineage.get(id);
    if (l === undefined) lineage.set(id, (l = { derived: [], servers: [], disks: [] }));
    return l;
  };
  for (const img of [...p.deleted.values(), ...p.images.values()]) {
    lin(img.id);
    if (img.derivedFrom !== undefined) lin(img.derivedFrom).derived.push(img.id);
  }
  for (const img of p.images.values()) (projects.get(img.ownerProjectId) as Draft).owned.push([img.id, true]);
  for (const m of p.members.values()) {
    (projects.get(m.projectId) as Draft).received[m.status].push([m.imageId, m]);
    push(imageMembers, m.imageId, [m.projectId, m]);
    push(memberSeq, m.imageId, [m.projectId, serial++]);
  }
  const servers: [string, ServerRecord][] = [];
  for (const x of p.servers.values()) {
    lin(x.imageId).servers.push(x.id);
    (projects.get(x.projectId) as Draft).servers.push([x.id, true]);
    servers.push([x.id, Object.freeze({ server: x, seq: serial++ })]);
  }
  const disks: [string, DiskRecord][] = [];
  for (const x of p.disks.values()) {
    if (x.imageId !== undefined) lin(x.imageId).disks.push(x.id);
    (projects.get(x.projectId) as Draft).disks.push([x.id, true]);
    disks.push([x.id, Object.freeze({ disk: x, seq: serial++ })]);
  }

  const toSet = (ids: string[]) => fromEntries(ids.map((id) => [id, true as const] as const));
  const toLineage = (l: LineageLists): Lineage =>
    l.derived.length + l.servers.length + l.disks.length === 0
      ? EMPTY_LINEAGE
      : Object.freeze({ derived: toSet(l.derived), servers: toSet(l.servers), disks: toSet(l.disks) });
  const principals: [string, Principal][] = [];
  for (const a of p.accounts.values()) principals.push([a.id, Object.freeze({ id: a.id, kind: 'account', accountId: a.id })]);
  for (const u of p.users.values()) principals.push([u.id, Object.freeze({ id: u.id, kind: 'iamUser', accountId: u.accountId })]);
  const byRegion = (list: readonly Project[]): PMap<readonly Project[]> => {
    const groups = new Map<string, Project[]>();
    for (const proj of list) push(groups, proj.regionId, proj);
    return fromEntries([...groups].map(([r, ps]) => [r, Object.freeze(ps)] as const));
  };
  return makeState(version, config, catalogue, {
    principals: fromEntries(principals),
    accounts: fromEntries([...p.accounts.values()].map((a): [string, AccountRecord] => [a.id, Object.freeze({
      account: a,
      projectsByRegion: byRegion(accountProjects.get(a.id) ?? []),
      seq: accountSeq.get(a.id) as number,
    })])),
    accountNames: fromEntries([...p.accounts.values()].map((a) => [a.name, a.id] as const)),
    projects: fromEntries([...projects.values()].map((d): [string, ProjectRecord] => [d.project.id, Object.freeze({
      project: d.project,
      owned: fromEntries(d.owned),
      received: d.received.pending.length + d.received.accepted.length + d.received.rejected.length === 0
        ? EMPTY_RECEIVED
        : Object.freeze({ pending: fromEntries(d.received.pending), accepted: fromEntries(d.received.accepted), rejected: fromEntries(d.received.rejected) }),
      servers: fromEntries(d.servers),
      disks: fromEntries(d.disks),
      seq: d.seq,
    })])),
    images: fromEntries([...p.images.values()].map((img): [string, ImageRecord] => {
      const ms = imageMembers.get(img.id) ?? [];
      const accepted = ms.filter(([, m]) => m.status === 'accepted').length;
      return [img.id, Object.freeze({
        image: img, members: fromEntries(ms), memberSeq: fromEntries(memberSeq.get(img.id) ?? []), accepted, lineage: toLineage(lin(img.id)),
      })];
    })),
    retired: fromEntries([...p.deleted.values()].map((img): [string, RetiredRecord] => [img.id, Object.freeze({ image: img, lineage: toLineage(lin(img.id)) })])),
    servers: fromEntries(servers),
    disks: fromEntries(disks),
    serial,
  });
}
