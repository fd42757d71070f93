/**
 * `accept` and `reject`: M1 to M3, with S4's limit on accepting.
 *
 * @module
 */
import type { Membership } from '../entities.js';
import { type RuleViolation, notFound, violation } from '../errors.js';
import { get } from '../internal/pmap.js';
import { type Result, type ResultOf, fail } from '../result.js';
import { actorAccount, inProjectOrder, isViolation, viewRecord } from '../rules/access.js';
import * as store from '../state/store.js';
import { guarded } from '../input/door.js';
import type { ImageRecord, State } from '../state/store.js';
import { Tx } from '../state/tx.js';
import { shareLimitReached } from './common.js';

/**
 * Input of {@link accept} and {@link reject}. `projectId` is needed when the account holds several memberships (M3).
 *
 * @example
 * ```ts
 * const input: DecideInput = { actor: 'bob', imageId: 'img-1', projectId: 'bob:cn-north-4' };
 * ```
 */
export interface DecideInput {
  /** The principal who acts: an account id or an IAM user id (W2). Only the member project's account may accept or reject (M1). */
  readonly actor: string;
  /** The shared image. */
  readonly imageId: string;
  /** The member project: needed when the account holds several memberships of the image (M3). */
  readonly projectId?: string;
}

/**
 * M1, M3: the actor's membership of the image, or why there is none to decide on. A named
 * project is one lookup; without one, the account's memberships of the image are gathered
 * (S1: none at all, and the image is not found for this account).
 */
function findMembership(state: State, accountId: string, rec: ImageRecord | undefined, input: DecideInput): Membership | RuleViolation {
  // Made only when it is the answer: a violation is a message and a frozen object.
  const missing = (): RuleViolation => notFound('M1', 'membership', input.projectId === undefined ? input.imageId : `${input.imageId}/${input.projectId}`);
  if (rec === undefined) return missing();
  if (input.projectId !== undefined) {
    const p = store.project(state, input.projectId);
    if (p === undefined || p.accountId !== accountId) return missing();
    return get(rec.members, p.id) ?? missing();
  }
  const view = viewRecord(state, accountId, rec);
  if (view === undefined) return missing();
  if (view.memberships.length > 1) {
    return violation({
      code: 'ambiguous_membership', rule: 'M3', imageId: input.imageId, projectIds: Object.freeze(inProjectOrder(state, view.memberships).map((m) => m.projectId)),
      message: `your account holds ${view.memberships.length} memberships of image '${input.imageId}': name the project`,
    });
  }
  return view.memberships[0] ?? missing();
}

function decide(state: State, input: DecideInput, to: 'accepted' | 'rejected'): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const rec = store.imageRecord(state, input.imageId);
  const m = findMembership(state, accountId, rec, input);
  if (isViolation(m)) return fail(m);
  const { image, accepted } = rec as ImageRecord;
  if (m.status === to) {
    return fail(violation({
      code: 'status_unchanged', rule: 'M2', imageId: m.imageId, projectId: m.projectId, status: m.status,
      message: `the membership of project '${m.projectId}' is already ${m.status}`,
    }));
  }
  if (to === 'accepted') {
    const limit = state.config.shareLimits[image.kind];
    if (accepted + 1 > limit) return fail(shareLimitReached('S4', image, limit, accepted));
  }
  const tx = new Tx(state);
  // Written out: a spread with fields after it takes V8's slow generic path (state/tx.ts).
  const membership = tx.setMembership({ imageId: m.imageId, projectId: m.projectId, status: to, since: tx.version }, m.status);
  tx.emit({ type: to === 'accepted' ? 'membership_accepted' : 'membership_rejected', version: tx.version, membership, previousStatus: m.status });
  return tx.commit();
}

/**
 * Accepts a shared image for a member project: pending → accepted, or rejected → accepted
 * (FAQ: "accept the rejected image again") (M2). Refused with `share_limit_reached` when the
 * image already has its kind's limit of accepted members (S4).
 *
 * @example
 * ```ts
 * const r = accept(state, { actor: 'bob', imageId: 'img-1' });
 * ```
 */
export function accept(state: State, input: DecideInput): ResultOf<'accept'> {
  return guarded('accept', state, input, acceptChecked) as ResultOf<'accept'>;
}

/** Internal: {@link accept} on an input its door has checked and copied (`apply` calls it so). */
export function acceptChecked(state: State, input: DecideInput): Result {
  return decide(state, input, 'accepted');
}

/**
 * Rejects a shared image: pending → rejected, or accepted → rejected [IMS] (M2). The rejected
 * image leaves "Images Shared with Me" and is no longer usable (M4, M5).
 *
 * @example
 * ```ts
 * const r = reject(state, { actor: 'bob', imageId: 'img-1' });
 * ```
 */
export function reject(state: State, input: DecideInput): ResultOf<'reject'> {
  return guarded('reject', state, input, rejectChecked) as ResultOf<'reject'>;
}

/** Internal: {@link reject} on an input its door has checked and copied (`apply` calls it so). */
export function rejectChecked(state: State, input: DecideInput): Result {
  return decide(state, input, 'rejected');
}
