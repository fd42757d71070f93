/**
 * `deleteImage` (also `commands.delete`): D1. Its consequences (D2) follow from M5: a deleted
 * image is usable nowhere, so servers made from it can no longer be reinstalled.
 *
 * @module
 */
import { type Result, type ResultOf, fail } from '../result.js';
import { actorAccount, isViolation, ownedImage } from '../rules/access.js';
import { guarded } from '../input/door.js';
import type { State } from '../state/store.js';
import { Tx } from '../state/tx.js';

/**
 * Input of {@link deleteImage}.
 *
 * @example
 * ```ts
 * const input: DeleteImageInput = { actor: 'alice', imageId: 'img-1' };
 * ```
 */
export interface DeleteImageInput {
  /** The principal who acts: an account id or an IAM user id (W2). Only the owner's account (S1). */
  readonly actor: string;
  /** The image to delete (D1). */
  readonly imageId: string;
}

/**
 * Deletes an image and all its memberships (D1). Only the owner may (S1). Servers created from
 * it keep running and copies of it survive (R3); the image's id stays taken.
 *
 * @example
 * ```ts
 * const r = deleteImage(state, { actor: 'alice', imageId: 'img-1' });
 * ```
 */
export function deleteImage(state: State, input: DeleteImageInput): ResultOf<'deleteImage'> {
  return guarded('deleteImage', state, input, deleteImageChecked) as ResultOf<'deleteImage'>;
}

/** Internal: {@link deleteImage} on an input its door has checked and copied (`apply` calls it so). */
export function deleteImageChecked(state: State, input: DeleteImageInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const view = ownedImage(state, accountId, input.imageId, false);
  if (isViolation(view)) return fail(view);
  const tx = new Tx(state);
  const removed = tx.deleteImage(view.image.id);
  tx.emit({ type: 'image_deleted', version: tx.version, image: view.image, removedMemberships: Object.freeze(removed) });
  return tx.commit();
}
