/**
 * `stopSharing`: S9 (with S1's ownership and S7's atomic batch).
 *
 * @module
 */
import type { Membership } from '../entities.js';
import { atIndex, notFound } from '../errors.js';
import { get } from '../internal/pmap.js';
import { membersInOrder } from '../state/order.js';
import { type Result, type ResultOf, fail } from '../result.js';
import { actorAccount, isViolation, ownedImage } from '../rules/access.js';
import { type ShareTarget, resolveTarget } from '../rules/targets.js';
import { guarded } from '../input/door.js';
import type { State } from '../state/store.js';
import { Tx } from '../state/tx.js';
import { emptyBatch } from './common.js';

/**
 * Input of {@link stopSharing}. Without `targets`, every member is removed.
 *
 * @example
 * ```ts
 * const input: StopSharingInput = { actor: 'alice', imageId: 'img-1' }; // every member
 * ```
 */
export interface StopSharingInput {
  /** The principal who acts: an account id or an IAM user id (W2). Only the owner's account (S1). */
  readonly actor: string;
  /** The shared image. */
  readonly imageId: string;
  /** The members to remove, as in share; default: every member (S9). */
  readonly targets?: readonly ShareTarget[];
}

/**
 * Removes the named memberships of an image, whatever their status, or all of them when no
 * target is named (S9). A target that is not a member gives `not_found` (entity
 * `membership`) with its `index`, and nothing changes (S7). Servers already created from the
 * image keep running; the former members just cannot use it any more (D2).
 *
 * @example
 * ```ts
 * const r = stopSharing(state, { actor: 'alice', imageId: 'img-1', targets: [{ account: 'bob' }] });
 * ```
 */
export function stopSharing(state: State, input: StopSharingInput): ResultOf<'stopSharing'> {
  return guarded('stopSharing', state, input, stopSharingChecked) as ResultOf<'stopSharing'>;
}

/** Internal: {@link stopSharing} on an input its door has checked and copied (`apply` calls it so). */
export function stopSharingChecked(state: State, input: StopSharingInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const view = ownedImage(state, accountId, input.imageId, false);
  if (isViolation(view)) return fail(view);
  let removed: Membership[];
  if (input.targets === undefined) {
    removed = membersInOrder(view.rec);
  } else {
    if (input.targets.length === 0) return fail(emptyBatch('S7', 'targets'));
    removed = [];
    const inBatch = new Set<string>();
    for (let index = 0; index < input.targets.length; index++) {
      const target = input.targets[index] as ShareTarget;
      const project = resolveTarget(state, view, target);
      if (isViolation(project) && project.code === 'not_found') return fail(atIndex(project, index));
      const m = isViolation(project) ? undefined : get(view.rec.members, project.id);
      if (m === undefined || inBatch.has(m.projectId)) {
        return fail(atIndex(notFound('S9', 'membership', isViolation(project) ? target.account : project.id), index));
      }
      inBatch.add(m.projectId);
      removed.push(m);
    }
  }
  const tx = new Tx(state);
  for (const m of removed) {
    tx.removeMembership(m);
    tx.emit({ type: 'sharing_stopped', version: tx.version, membership: m });
  }
  return tx.commit();
}
