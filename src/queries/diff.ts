/**
 * `diff(before, after)` (SPEC §10): the entities added, removed and changed between two states.
 * It walks the tables of both states in step and skips every sub-tree they share, so between
 * two states one command apart it costs in proportion to that command's change, not to the
 * world. Between unrelated states (a reloaded snapshot, say) it is still right, only slower.
 *
 * @module
 */
import type { Account, DataDisk, IamUser, Image, Membership, Project, Server } from '../entities.js';
import { type PMap, diffMaps, emptyMap } from '../internal/pmap.js';
import type { ImageRecord, State } from '../state/store.js';
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
  if (!isState(before) || !isState(after)) return Object.freeze([]);
  const out: Change[] = [];
  const push = <E extends Change['entity'], T extends object>(entity: E, id: string, a: T | undefined, b: T | undefined): void => {
    if (a === undefined ? b === undefined : b !== undefined && sameEntity(a, b)) return;
    const change: Record<string, unknown> = { entity, id };
    if (a !== undefined) change.before = a;
    if (b !== undefined) change.after = b;
    out.push(Object.freeze(change) as unknown as Change);
  };
  const x = before.tables;
  const y = after.tables;
  diffMaps(x.accounts, y.accounts, (id, a, b) => push('account', id, a?.account, b?.account));
  diffMaps(x.principals, y.principals, (id, a, b) => {
    const user = (p: typeof a): IamUser | undefined => (p?.kind === 'iamUser' ? Object.freeze({ id: p.id, accountId: p.accountId }) : undefined);
    push('iamUser', id, user(a), user(b));
  });
  diffMaps(x.projects, y.projects, (id, a, b) => push('project', id, a?.project, b?.project));
  diffMaps(x.images, y.images, (id, a, b) => {
    push('image', id, a?.image, b?.image);
    const members = (r: ImageRecord | undefined): PMap<Membership> => r?.members ?? emptyMap();
    diffMaps(members(a), members(b), (projectId, ma, mb) => push('membership', `${id}/${projectId}`, ma, mb));
  });
  diffMaps(x.servers, y.servers, (id, a, b) => push('server', id, a?.server, b?.server));
  diffMaps(x.disks, y.disks, (id, a, b) => push('disk', id, a?.disk, b?.disk));
  out.sort((a, b) => ORDER.indexOf(a.entity) - ORDER.indexOf(b.entity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Object.freeze(out);
}
