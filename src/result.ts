/**
 * Results: `{ ok: true, ... } | { ok: false, error }` (SPEC §8).
 *
 * @module
 */
import type { RuleViolation } from './errors.js';
import type { DomainEvent } from './events.js';
import type { CommandType } from './input/schemas.js';
import type { State } from './state/store.js';

/**
 * What every command returns: the new state and its events, or the rule it broke.
 *
 * @example
 * ```ts
 * const r = share(state, { actor: 'alice', imageId: 'img-1', targets: [{ account: 'bob' }] });
 * if (r.ok) state = r.state;
 * else console.log(r.error.code, r.error.rule);
 * ```
 */
export type Result =
  | { readonly ok: true; readonly state: State; readonly events: readonly DomainEvent[] }
  | { readonly ok: false; readonly error: RuleViolation };

/**
 * The events each command emits on success, by its key in the `commands` map.
 *
 * @example
 * ```ts
 * const type: CommandEvents['accept'] = 'membership_accepted';
 * ```
 */
export interface CommandEvents {
  addAccount: 'account_added';
  addIamUser: 'iam_user_added';
  addProject: 'project_added';
  registerImage: 'image_registered';
  share: 'image_shared';
  accept: 'membership_accepted';
  reject: 'membership_rejected';
  stopSharing: 'sharing_stopped';
  delete: 'image_deleted';
  deleteImage: 'image_deleted';
  replicate: 'image_replicated';
  replicateAcrossRegion: 'image_replicated';
  createServer: 'server_created';
  reinstallOs: 'os_reinstalled';
  changeOs: 'os_changed';
  createImageFromServer: 'image_created_from_server';
  createDataDisk: 'data_disk_created';
  restoreDataDisk: 'data_disk_restored';
}

/**
 * The {@link Result} of one command, its events narrowed to those it emits.
 *
 * @example
 * ```ts
 * const r: ResultOf<'accept'> = accept(state, { actor: 'bob', imageId: 'img-1' });
 * if (r.ok) r.events[0]?.previousStatus; // 'pending' or 'rejected'
 * ```
 */
export type ResultOf<K extends CommandType> =
  | { readonly ok: true; readonly state: State; readonly events: readonly Extract<DomainEvent, { readonly type: CommandEvents[K] }>[] }
  | { readonly ok: false; readonly error: RuleViolation };

/**
 * A query's answer that may be refused (M6).
 *
 * @example
 * ```ts
 * const r: QueryResult<readonly Membership[]> = membersOf(state, 'alice', 'img-1');
 * ```
 */
export type QueryResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: RuleViolation };

/** A refused command. */
export function fail(error: RuleViolation): Result {
  return Object.freeze({ ok: false, error });
}
