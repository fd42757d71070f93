/**
 * Results: `{ ok: true, ... } | { ok: false, error }` (SPEC §8).
 *
 * @module
 */
import type { RuleViolation } from './errors.js';
import type { DomainEvent } from './events.js';
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
