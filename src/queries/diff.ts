/**
 * `diff(before, after)` (SPEC §10): the entities added, removed and changed between two states.
 * When a command made `after` from `before`, it reads the change log that command's
 * transaction kept (`state/explain.ts`), so it costs that command's change, not the world.
 * Between any other two states (several commands apart, a reloaded snapshot) it walks the
 * tables of both in step and skips every sub-tree they share: still right, only slower.
 *
 * @module
 */
import type { Account, DataDisk, IamUser, Image, Membership, Principal, Project, Server } from '../entities.js';
import { diffMaps, emptyMap } from '../internal/pmap.js';
import { type ChangeLog, type LoggedTable, changeLog } from '../state/explain.js';
import type { AccountRecord, DiskRecord, ImageRecord, ProjectRecord, ServerRecord, State } from '../state/store.js';
import { isState } from '../state/store.js';

/**
 * One entity that differs between two states: `before` is absent for an added entity, `after`
 * for a removed one. A membership's `id` is `<imageId>/<projectId>`.
 *
 * @example
 * ```ts
 * const change: Change = { entity: 'membership', id: 'img-1/bob:cn-north-4', after: membership };
 * ```
 */
export type Change =
  | ChangeOf<'account', Account>
  | ChangeOf<'iamUser', IamUser>
  | ChangeOf<'project', Project>
  | ChangeOf<'image', Image>
  | ChangeOf<'membership', Membership>
  | ChangeOf<'server', Server>
  | ChangeOf<'disk', DataDisk>;

/**
 * A {@link Change} of one kind of entity.
 *
 * @example
 * ```ts
 * const added: ChangeOf<'image', Image> = { entity: 'image', id: 'img-2', after: image };
 * ```
 */
export interface ChangeOf<E extends string, T> {
  readonly entity: E;
  readonly id: string;
  readonly before?: T;
  readonly after?: T;
}

const ORDER: readonly Change['entity'][] = ['account', 'iamUser', 'project', 'image', 'membership', 'server', 'disk'];

/** Entities are flat records of primitives: equal when every field is. */
function sameEntity(a: object, b: object): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/**
 * The entities added, removed and changed from `before` to `after`: accounts, IAM users,
 * projects, images (a deleted image is removed), memberships, servers and disks, ordered by
 * kind (in the order of that list), then by id. Given anything that is not a state, `[]`.
 *
 * @example
 * ```ts
 * const r = share(state, { actor: 'alice', imageId: 'img-1', targets: [{ account: 'bob' }] });
 * if (r.ok) diff(state, r.state); // [{ entity: 'membership', id: 'img-1/bob:cn-north-4', after: { ... } }]
 * ```
 */
export function diff(before: State, after: State): readonly Change[] {
  // The same state (a refused command's, in a simulator's step): nothing changed.
  if (before === after) return NONE;
  // One command apart: both are states of this copy of the library, and the log says it all.
  const log = changeLog(before, after);
  if (log !== undefined) return replayLog(log);
  if (!isState(before) || !isState(after)) return NONE;
  // Any two states: walk the tables in step, skipping every sub-tree they share.
  const out = new Changes();
  for (const table of LOGGED_TABLES) {
    diffMaps<unknown>(before.tables[table], after.tables[table], (id, a, b) => REPORT[table](out, id, a, b));
  }
  return out.done();
}

/** No change (frozen, shared: a caller cannot add to it). */
const NONE: readonly Change[] = Object.freeze([]);

/** The changes found so far (no closure per call: `diff` runs once per step in simulators). */
class Changes {
  private readonly list: Change[] = [];

  add(entity: Change['entity'], id: string, a: object | undefined, b: object | undefined): void {
    if (a === undefined ? b === undefined : b !== undefined && sameEntity(a, b)) return;
    const change: Record<string, unknown> = { entity, id };
    if (a !== undefined) change.before = a;
    if (b !== undefined) change.after = b;
    this.list.push(Object.freeze(change) as unknown as Change);
  }

  /** Every change, by kind (in the order of {@link ORDER}), then by id; frozen. */
  done(): readonly Change[] {
    const list = this.list;
    if (list.length > 1) list.sort((a, b) => ORDER.indexOf(a.entity) - ORDER.indexOf(b.entity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return Object.freeze(list);
  }
}

type Report = (out: Changes, id: string, before: unknown, after: unknown) => void;

/** How a changed record of each table reads as entities. */
const REPORT: Readonly<Record<LoggedTable, Report>> = {
  accounts: (out, id, a, b) => out.add('account', id, (a as AccountRecord | undefined)?.account, (b as AccountRecord | undefined)?.account),
  principals: (out, id, a, b) => out.add('iamUser', id, user(a as Principal | undefined), user(b as Principal | undefined)),
  projects: (out, id, a, b) => out.add('project', id, (a as ProjectRecord | undefined)?.project, (b as ProjectRecord | undefined)?.project),
  images: (out, id, a, b) => {
    const x = a as ImageRecord | undefined;
    const y = b as ImageRecord | undefined;
    out.add('image', id, x?.image, y?.image);
    const xm = x?.members ?? emptyMap<Membership>();
    const ym = y?.members ?? emptyMap<Membership>();
    if (xm !== ym) diffMaps<Membership>(xm, ym, (projectId, ma, mb) => out.add('membership', `${id}/${projectId}`, ma, mb));
  },
  servers: (out, id, a, b) => out.add('server', id, (a as ServerRecord | undefined)?.server, (b as ServerRecord | undefined)?.server),
  disks: (out, id, a, b) => out.add('disk', id, (a as DiskRecord | undefined)?.disk, (b as DiskRecord | undefined)?.disk),
};

/** Every table a change log covers: the keys of {@link REPORT}. */
const LOGGED_TABLES = Object.freeze(Object.keys(REPORT) as LoggedTable[]);

const user = (p: Principal | undefined): IamUser | undefined => (p?.kind === 'iamUser' ? Object.freeze({ id: p.id, accountId: p.accountId }) : undefined);

/**
 * The writes of one command (`after` was made from `before`): each key once, with its first
 * `before` and its last `after`, so the cost is the command's change, whatever the world's size.
 */
function replayLog(log: ChangeLog): readonly Change[] {
  const n = log.length;
  if (n === 0) return NONE;
  const out = new Changes();
  if (n > 64) replayLongLog(log, out);
  else {
    // Most commands write a handful of keys: scans, nothing allocated.
    for (let i = 0; i < n; i += 4) if (!writtenBefore(log, i)) report(log, out, i, lastWrite(log, i));
  }
  return out.done();
}

/** Whether the key of the write at `i` was written earlier in the log. */
function writtenBefore(log: ChangeLog, i: number): boolean {
  for (let j = 0; j < i; j += 4) if (log[j] === log[i] && log[j + 1] === log[i + 1]) return true;
  return false;
}

/** Where the key of the write at `i` was last written (`i` itself if never again). */
function lastWrite(log: ChangeLog, i: number): number {
  for (let k = log.length - 4; k > i; k -= 4) if (log[k] === log[i] && log[k + 1] === log[i + 1]) return k;
  return i;
}

/** The key's first `before` (the write at `first`) against its last `after` (at `last`). */
function report(log: ChangeLog, out: Changes, first: number, last: number): void {
  const before = log[first + 2];
  const after = log[last + 3];
  if (before !== after) REPORT[log[first] as LoggedTable](out, log[first + 1] as string, before, after);
}

/** A long log (deleting an image of many members, say): each key's first and last write, by a map. */
function replayLongLog(log: ChangeLog, out: Changes): void {
  // Keyed by table and key; in the order of first writes, each with its first and last write.
  const writes = new Map<string, { readonly first: number; last: number }>();
  for (let i = 0; i < log.length; i += 4) {
    const key = `${log[i] as string}\u0000${log[i + 1] as string}`;
    const seen = writes.get(key);
    if (seen === undefined) writes.set(key, { first: i, last: i });
    else seen.last = i;
  }
  for (const { first, last } of writes.values()) report(log, out, first, last);
}
