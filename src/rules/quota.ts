/**
 * W3: the private image quota, and the id checks every new image passes (W2).
 *
 * Shared images never count (FAQ: "Do shared images affect my private image quota? No."):
 * only images a project owns are counted, per account and region.
 *
 * Internal: not part of the public API.
 * @module
 */
import { type RuleId, type RuleViolation, duplicateId, violation } from '../errors.js';
import * as store from '../state/store.js';
import { IMS_CODES } from './limits.js';
import type { State } from '../state/store.js';

/** W3: `private_image_quota_exceeded` when the account already owns its quota of images in the region. */
export function checkQuota(state: State, accountId: string, regionId: string, rule: RuleId = 'W3'): RuleViolation | undefined {
  const quota = state.config.privateImageQuota;
  if (store.imageCount(state, accountId, regionId) < quota) return undefined;
  return violation({
    code: 'private_image_quota_exceeded', rule, imsCode: IMS_CODES.privateImageQuotaExceeded, accountId, regionId, quota,
    message: `account '${accountId}' already owns ${quota} private images in ${regionId}`,
  });
}

/**
 * W2, W3: a new image id must never have been used (a deleted image's id stays taken, so that
 * lineage and exposure (X1) never mix two images), and its account must be under quota in the
 * region.
 */
export function checkNewImage(state: State, imageId: string, accountId: string, regionId: string, rule: RuleId): RuleViolation | undefined {
  if (store.lineage(state, imageId) !== undefined) return duplicateId('image', imageId);
  return checkQuota(state, accountId, regionId, rule);
}
