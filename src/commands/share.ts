/**
 * `share`: S2 to S8. Only the owner shares (S1); an accepted member is told to replicate first
 * (S2); targets resolve inside the image's region (S3); only accepted memberships consume the
 * tenant limit (S4); encrypted images are not shareable (S5); a rejected member returns to
 * pending (S6); the batch is atomic (S7); a project may receive any number of images (S8).
 *
 * @module
 */
import { atIndex, violation } from '../errors.js';
import { type Result, type ResultOf, fail } from '../result.js';
import { actorAccount, isViolation, ownedImage } from '../rules/access.js';
import { IMS_CODES } from '../rules/limits.js';
import type { MembershipStatus } from '../vocabulary.js';
import { type ShareTarget, resolveTarget } from '../rules/targets.js';
import { get } from '../internal/pmap.js';
import { guarded } from '../input/door.js';
import type { State } from '../state/store.js';
import { Tx } from '../state/tx.js';
import { emptyBatch, shareLimitReached } from './common.js';

/**
 * Input of {@link share}.
 *
 * @example
 * ```ts
 * const input: ShareInput = { actor: 'alice', imageId: 'img-1', targets: [{ account: 'Bob' }] };
 * ```
 */
export interface ShareInput {
  /** The principal who acts: an account id or an IAM user id (W2). Only the owner's account shares (S1). */
  readonly actor: string;
  /** The image to share. */
  readonly imageId: string;
  /** Who to share with, at least one: `{ account, project? }` each (S3). Atomic: one bad target and nothing changes (S7). */
  readonly targets: readonly ShareTarget[];
}

/**
 * Shares an image with one or more tenants, each as a `pending` membership of a project in the
 * image's region. Atomic: one bad target and nothing changes, and the error's `index` names it.
 *
 * @example
 * ```ts
 * const r = share(state, { actor: 'alice', imageId: 'img-1', targets: [{ account: 'Bob' }] });
 * if (!r.ok) console.log(r.error.code, r.error.index);
 * ```
 */
export function share(state: State, input: ShareInput): ResultOf<'share'> {
  return guarded('share', state, input, shareChecked) as ResultOf<'share'>;
}

/** Internal: {@link share} on an input its door has checked and copied (`apply` calls it so). */
export function shareChecked(state: State, input: ShareInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const view = ownedImage(state, accountId, input.imageId, true);
  if (isViolation(view)) return fail(view);
  const { image } = view;
  if (image.encrypted) {
    return fail(violation({
      code: 'image_not_shareable', rule: 'S5', imsCode: IMS_CODES.encryptedNotShareable, imageId: image.id, reason: 'encrypted',
      message: `image '${image.id}' is encrypted; encrypted images cannot be shared`,
    }));
  }
  if (input.targets.length === 0) return fail(emptyBatch('S7', 'targets'));
  const limit = state.config.shareLimits[image.kind];
  if (view.rec.accepted >= limit) return fail(shareLimitReached('S4', image, limit, view.rec.accepted));
  // S7: every target is checked before anything is written, so a refusal leaves no trace.
  const planned: { projectId: string; previous: MembershipStatus | undefined }[] = [];
  const inBatch = new Set<string>();
  for (let index = 0; index < input.targets.length; index++) {
    const target = input.targets[index] as ShareTarget;
    const project = resolveTarget(state, view, target);
    if (isViolation(project)) return fail(atIndex(project, index));
    if (project.id === image.ownerProjectId) {
      return fail(violation({
        code: 'share_with_self', rule: 'S3', imsCode: IMS_CODES.shareWithSelf, index, imageId: image.id, projectId: project.id,
        message: `project '${project.id}' owns image '${image.id}'`,
      }));
    }
    const existing = get(view.rec.members, project.id);
    const status = inBatch.has(project.id) ? 'pending' : existing?.status;
    if (status === 'pending' || status === 'accepted') {
      return fail(violation({
        code: 'already_shared', rule: 'S6', index, imageId: image.id, projectId: project.id, status,
        message: `image '${image.id}' is already shared with project '${project.id}' (${status})`,
      }));
    }
    inBatch.add(project.id);
    planned.push({ projectId: project.id, previous: existing?.status });
  }
  const tx = new Tx(state);
  for (const { projectId, previous } of planned) {
    const membership = tx.setMembership({ imageId: image.id, projectId, status: 'pending', since: tx.version }, previous);
    tx.emit(previous === undefined
      ? { type: 'image_shared', version: tx.version, membership }
      : { type: 'image_shared', version: tx.version, membership, previousStatus: previous });
  }
  return tx.commit();
}
