/**
 * `replicateAcrossRegion`: R2, with R3's derivation and quota.
 *
 * @module
 */
import { regionOfferedAt } from '../catalogue.js';
import { notFound, violation } from '../errors.js';
import { type Result, type ResultOf, fail } from '../result.js';
import { actorAccount, isViolation, ownProject, visibleImage } from '../rules/access.js';
import { mintId } from '../rules/ids.js';
import { makeCopy } from '../rules/copies.js';
import { IMS_CODES } from '../rules/limits.js';
import * as store from '../state/store.js';
import { guarded } from '../input/door.js';
import type { State } from '../state/store.js';

/**
 * Input of {@link replicateAcrossRegion}. Without `targetProjectId` the copy lands in the default project there.
 *
 * @example
 * ```ts
 * const input: ReplicateAcrossRegionInput = { actor: 'alice', imageId: 'img-1', targetRegionId: 'cn-south-1', newImageId: 'gz-1' };
 * ```
 */
export interface ReplicateAcrossRegionInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** An owned, unencrypted private image (R2). */
  readonly imageId: string;
  /** Another region offered at the account's site. */
  readonly targetRegionId: string;
  /** A project of the account in that region; default: its default project there. */
  readonly targetProjectId?: string;
  /** The copy's id; left out, the model mints one (F5) and the event carries it. */
  readonly newImageId?: string;
  /** The copy's name; default `copy_<source name>`. */
  readonly name?: string;
}

/**
 * Copies an owned private image to another region of the same account (R2): never a shared
 * image (`private_image_required`: replicate it to a private image first), never to its own
 * region, never across sites, never an encrypted image. The copy is derived, counted and
 * independent (R3).
 *
 * @example
 * ```ts
 * const r = replicateAcrossRegion(state, { actor: 'alice', imageId: 'img-1', targetRegionId: 'cn-south-1', newImageId: 'img-1-gz' });
 * ```
 */
export function replicateAcrossRegion(state: State, input: ReplicateAcrossRegionInput): ResultOf<'replicateAcrossRegion'> {
  return guarded('replicateAcrossRegion', state, input, replicateAcrossRegionChecked) as ResultOf<'replicateAcrossRegion'>;
}

/** Internal: {@link replicateAcrossRegion} on an input its door has checked and copied (`apply` calls it so). */
export function replicateAcrossRegionChecked(state: State, input: ReplicateAcrossRegionInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const view = visibleImage(state, accountId, input.imageId, 'R2');
  if (isViolation(view)) return fail(view);
  const source = view.image;
  if (!view.owned) {
    return fail(violation({
      code: 'private_image_required', rule: 'R2', imageId: source.id,
      message: `image '${source.id}' was shared with you: replicate it to a private image first, then replicate that across regions`,
    }));
  }
  const target = store.region(state, input.targetRegionId);
  if (target === undefined) return fail(notFound('R2', 'region', input.targetRegionId));
  if (target.id === view.regionId) {
    return fail(violation({
      code: 'same_region', rule: 'R2', imsCode: IMS_CODES.sameRegion, imageId: source.id, regionId: target.id,
      message: `image '${source.id}' is already in ${target.id}`,
    }));
  }
  const site = (store.account(state, accountId) as { site: string }).site;
  if (!regionOfferedAt(target, site)) {
    return fail(violation({
      code: 'region_not_available_at_site', rule: 'R2', regionId: target.id, site, accountId,
      message: `replication never crosses sites: ${target.id} is not offered at the ${site} site`,
    }));
  }
  if (source.encrypted) {
    return fail(violation({
      code: 'encrypted_not_allowed', rule: 'R2', imsCode: IMS_CODES.encryptedCrossRegion, imageId: source.id,
      message: `encrypted image '${source.id}' cannot be replicated across regions`,
    }));
  }
  let projectId: string;
  if (input.targetProjectId !== undefined) {
    const p = ownProject(state, accountId, input.targetProjectId, 'R2');
    if (isViolation(p)) return fail(p);
    if (p.regionId !== target.id) return fail(notFound('R2', 'project', input.targetProjectId));
    projectId = p.id;
  } else {
    // W1: the site offers the region, so the account has its default project there.
    projectId = (store.defaultProjectOf(state, accountId, target.id) as { id: string }).id;
  }
  return makeCopy(state, source, {
    newImageId: input.newImageId ?? mintId(state, 'image'), name: input.name, accountId, projectId, regionId: target.id, encrypted: false, crossRegion: true,
  });
}
