/**
 * Persistence: `toSnapshot` gives plain JSON; `fromSnapshot` checks its shape with zod, then
 * its references and the invariants, and never throws (SPEC §8).
 *
 * @module
 */
import { freeze } from 'immer';
import { z } from 'zod';
import type { Catalogue } from './catalogue.js';
import type { Account, DataDisk, IamUser, Image, Membership, Principal, Project, Server } from './entities.js';
import type { InputIssue, RuleViolation } from './errors.js';
import { violation } from './errors.js';
import { type PMap, forEach, fromEntries, keys, values } from './internal/pmap.js';
import { idSchema } from './input/schemas.js';
import { checkInvariants } from './invariants.js';
import { IMAGE_KINDS, MEMBERSHIP_STATUSES, SERVER_FLAVORS, type WorldConfig } from './rules/limits.js';
import type { AccountRecord, ImageRecord, Lineage, ProjectRecord, State } from './state/store.js';
import { EMPTY_RECEIVED } from './state/tx.js';
import { catalogueSchema, configSchema, makeState, resolveConfig } from './state/world.js';

/**
 * The format tag of a snapshot.
 *
 * @example
 * ```ts
 * toSnapshot(state).format === SNAPSHOT_FORMAT; // true
 * ```
 */
export const SNAPSHOT_FORMAT = 'ims-sharing/snapshot@1';

const version = z.number().int().nonnegative();

/**
 * The zod schema of a snapshot (its shape only; `fromSnapshot` also checks references and invariants).
 *
 * @example
 * ```ts
 * snapshotSchema.safeParse(JSON.parse(text)).success;
 * ```
 */
export const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version,
  config: configSchema,
  catalogue: catalogueSchema,
  accounts: z.array(z.object({ id: idSchema, name: z.string().min(1), site: idSchema }).strict()),
  iamUsers: z.array(z.object({ id: idSchema, accountId: idSchema }).strict()),
  projects: z.array(z.object({ id: idSchema, accountId: idSchema, regionId: idSchema, name: z.string().min(1), isDefault: z.boolean() }).strict()),
  images: z.array(z.object({
    id: idSchema, name: z.string().min(1), kind: z.enum(IMAGE_KINDS), ownerProjectId: idSchema, encrypted: z.boolean(),
    derivedFrom: idSchema.optional(), sourceServerId: idSchema.optional(), createdAt: version,
  }).strict()),
  deletedImageIds: z.array(idSchema),
  memberships: z.array(z.object({ imageId: idSchema, projectId: idSchema, status: z.enum(MEMBERSHIP_STATUSES), since: version }).strict()),
  servers: z.array(z.object({
    id: idSchema, projectId: idSchema, az: idSchema, flavor: z.enum(SERVER_FLAVORS), imageId: idSchema, eip: idSchema.optional(),
  }).strict()),
  disks: z.array(z.object({ id: idSchema, projectId: idSchema, az: idSchema, imageId: idSchema.optional() }).strict()),
}).strict();

/**
 * A snapshot: plain JSON, every list sorted by id.
 *
 * @example
 * ```ts
 * const snapshot: Snapshot = toSnapshot(state);
 * ```
 */
export type Snapshot = z.infer<typeof snapshotSchema>;

/** Ids are unique within a list, so two entries never compare equal. */
const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : 1);

/**
 * The state as plain JSON (lists sorted by id, so equal states give equal snapshots).
 *
 * @example
 * ```ts
 * const text = JSON.stringify(toSnapshot(state));
 * ```
 */
export function toSnapshot(state: State): Snapshot {
  const t = state.tables;
  const images: Image[] = [];
  const memberships: Membership[] = [];
  forEach(t.images, (rec) => {
    images.push(rec.image);
    forEach(rec.members, (m) => memberships.push(m));
  });
  const iamUsers: IamUser[] = [];
  forEach(t.principals, (p) => {
    if (p.kind === 'iamUser') iamUsers.push({ id: p.id, accountId: p.accountId });
  });
  const plain = <T extends object>(x: T): T => ({ ...x });
  return {
    format: SNAPSHOT_FORMAT,
    version: state.version,
    config: { privateImageQuota: state.config.privateImageQuota, shareLimits: { ...state.config.shareLimits } },
    catalogue: structuredClone(state.catalogue) as Snapshot['catalogue'],
    accounts: values(t.accounts).map((r) => plain(r.account)).sort(byId),
    iamUsers: iamUsers.sort(byId),
    projects: values(t.projects).map((r) => plain(r.project)).sort(byId),
    images: images.map(plain).sort(byId),
    deletedImageIds: keys(t.retired).sort(),
    memberships: memberships.map(plain).sort((a, b) => byId({ id: `${a.imageId}\u0000${a.projectId}` }, { id: `${b.imageId}\u0000${b.projectId}` })),
    servers: values(t.servers).map(plain).sort(byId),
    disks: values(t.disks).map(plain).sort(byId),
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
  return Object.freeze({ ok: false, error: violation({ code: 'invalid_input', rule: 'snapshot', message, issues: freeze([...issues], true) }) });
}

function unique<T>(items: readonly T[], key: (x: T) => string, what: string, issues: InputIssue[]): Map<string, T> {
  const map = new Map<string, T>();
  items.forEach((x, i) => {
    if (map.has(key(x))) issues.push({ path: [what, i], message: `duplicate ${what} id '${key(x)}' (W2)`, code: 'duplicate_id' });
    map.set(key(x), freeze({ ...x }) as T);
  });
  return map;
}

/**
 * Rebuilds a state from a snapshot: shape (zod), then references, then {@link checkInvariants}.
 * Never throws; anything wrong gives `invalid_input` with the issues.
 *
 * @example
 * ```ts
 * const r = fromSnapshot(JSON.parse(text));
 * if (r.ok) state = r.state;
 * ```
 */
export function fromSnapshot(json: unknown): SnapshotResult {
  let parsed: ReturnType<typeof snapshotSchema.safeParse>;
  try {
    parsed = snapshotSchema.safeParse(json);
  } catch {
    return refused('the snapshot could not be read', []);
  }
  if (!parsed.success) {
    return refused('the snapshot does not have the shape of a snapshot', parsed.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message, code: i.code,
    })));
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
  const servers = unique(s.servers as Server[], (x) => x.id, 'servers', issues);
  const disks = unique(s.disks as DataDisk[], (x) => x.id, 'disks', issues);
  const members = unique(s.memberships as Membership[], (m) => JSON.stringify([m.imageId, m.projectId]), 'memberships', issues);
  for (const u of users.values()) {
    ref(!accounts.has(u.id), ['iamUsers'], `principal id '${u.id}' is both an account and an IAM user (W2)`);
    ref(accounts.has(u.accountId), ['iamUsers'], `IAM user '${u.id}' names unknown account '${u.accountId}'`);
  }
  for (const p of projects.values()) ref(accounts.has(p.accountId), ['projects'], `project '${p.id}' names unknown account '${p.accountId}'`);
  for (const i of images.values()) ref(projects.has(i.ownerProjectId), ['images'], `image '${i.id}' names unknown project '${i.ownerProjectId}'`);
  const deleted = new Set(s.deletedImageIds);
  for (const id of deleted) ref(!images.has(id), ['deletedImageIds'], `image '${id}' is both live and deleted`);
  for (const i of images.values()) {
    ref(i.derivedFrom === undefined || images.has(i.derivedFrom) || deleted.has(i.derivedFrom), ['images'], `image '${i.id}' derives from '${i.derivedFrom}' that never existed`);
    ref(i.sourceServerId === undefined || servers.has(i.sourceServerId), ['images'], `image '${i.id}' names unknown server '${i.sourceServerId}'`);
  }
  for (const m of members.values()) {
    ref(images.has(m.imageId) && projects.has(m.projectId), ['memberships'], `membership ${m.imageId}/${m.projectId} names an unknown image or project`);
  }
  for (const [what, list] of [['servers', [...servers.values()]], ['disks', [...disks.values()]]] as const) {
    for (const x of list) {
      ref(projects.has(x.projectId), [what], `'${x.id}' names unknown project '${x.projectId}'`);
      ref(x.imageId === undefined || images.has(x.imageId) || deleted.has(x.imageId), [what], `'${x.id}' names image '${x.imageId}' that never existed`);
    }
  }
  if (issues.length > 0) return refused('the snapshot refers to entities it does not hold', issues);

  const config: WorldConfig = resolveConfig(s.config as WorldConfig);
  const catalogue = freeze(structuredClone(s.catalogue), true) as Catalogue;
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
  deleted: Set<string>;
  members: Map<string, Membership>;
  servers: Map<string, Server>;
  disks: Map<string, DataDisk>;
}

function byRegion(projects: readonly Project[]): PMap<readonly Project[]> {
  const groups = new Map<string, Project[]>();
  for (const p of projects) push(groups, p.regionId, p);
  return fromEntries([...groups].map(([r, ps]) => [r, Object.freeze(ps)] as const));
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}

function build(version: number, config: WorldConfig, catalogue: Catalogue, p: Parts): State {
  type MutableProject = { project: Project; owned: [string, true][]; received: Record<'pending' | 'accepted' | 'rejected', [string, Membership][]> };
  const projects = new Map<string, MutableProject>();
  const accountProjects = new Map<string, Project[]>();
  for (const proj of p.projects.values()) {
    projects.set(proj.id, { project: proj, owned: [], received: { pending: [], accepted: [], rejected: [] } });
    push(accountProjects, proj.accountId, proj);
  }
  const imageMembers = new Map<string, [string, Membership][]>();
  const lineage = new Map<string, { derived: string[]; servers: string[]; disks: string[] }>();
  const lin = (id: string) => {
    let l = lineage.get(id);
    if (l === undefined) lineage.set(id, (l = { derived: [], servers: [], disks: [] }));
    return l;
  };
  for (const id of p.deleted) lin(id);
  for (const img of p.images.values()) {
    const owner = projects.get(img.ownerProjectId) as MutableProject;
    owner.owned.push([img.id, true]);
    lin(img.id);
    if (img.derivedFrom !== undefined) lin(img.derivedFrom).derived.push(img.id);
  }
  for (const m of p.members.values()) {
    (projects.get(m.projectId) as MutableProject).received[m.status].push([m.imageId, m]);
    push(imageMembers, m.imageId, [m.projectId, m]);
  }
  for (const s of p.servers.values()) lin(s.imageId).servers.push(s.id);
  for (const d of p.disks.values()) if (d.imageId !== undefined) lin(d.imageId).disks.push(d.id);

  const toSet = (ids: string[]) => fromEntries(ids.map((id) => [id, true as const] as const));
  const toLineage = (l: { derived: string[]; servers: string[]; disks: string[] }): Lineage =>
    Object.freeze({ derived: toSet(l.derived), servers: toSet(l.servers), disks: toSet(l.disks) });
  const principals: [string, Principal][] = [];
  for (const a of p.accounts.values()) principals.push([a.id, freeze({ id: a.id, kind: 'account', accountId: a.id })]);
  for (const u of p.users.values()) principals.push([u.id, freeze({ id: u.id, kind: 'iamUser', accountId: u.accountId })]);
  return makeState(version, config, catalogue, {
    principals: fromEntries(principals),
    accounts: fromEntries([...p.accounts.values()].map((a): [string, AccountRecord] => [a.id, Object.freeze({
      account: a,
      projectsByRegion: byRegion(accountProjects.get(a.id) ?? []),
    })])),
    accountNames: fromEntries([...p.accounts.values()].map((a) => [a.name, a.id] as const)),
    projects: fromEntries([...projects.values()].map((mp): [string, ProjectRecord] => [mp.project.id, Object.freeze({
      project: mp.project,
      owned: fromEntries(mp.owned),
      received: mp.received.pending.length + mp.received.accepted.length + mp.received.rejected.length === 0
        ? EMPTY_RECEIVED
        : Object.freeze({ pending: fromEntries(mp.received.pending), accepted: fromEntries(mp.received.accepted), rejected: fromEntries(mp.received.rejected) }),
    })])),
    images: fromEntries([...p.images.values()].map((img): [string, ImageRecord] => {
      const ms = imageMembers.get(img.id) ?? [];
      const accepted = ms.filter(([, m]) => m.status === 'accepted').length;
      return [img.id, Object.freeze({ image: img, members: fromEntries(ms), accepted, lineage: toLineage(lin(img.id)) })];
    })),
    retired: fromEntries([...p.deleted].map((id): [string, Lineage] => [id, toLineage(lin(id))])),
    servers: fromEntries([...p.servers.values()].map((x) => [x.id, x] as const)),
    disks: fromEntries([...p.disks.values()].map((x) => [x.id, x] as const)),
  });
}
