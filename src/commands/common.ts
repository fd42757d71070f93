/**
 * Violations that more than one command raises.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Image } from '../entities.js';
import { type RuleId, type ViolationOf, violation } from '../errors.js';
import { IMS_CODES } from '../rules/limits.js';

/** S4: the image already has `accepted` accepted members, its kind's limit. */
export function shareLimitReached(rule: RuleId, image: Image, limit: number, accepted: number): ViolationOf<'share_limit_reached'> {
  return violation({
    code: 'share_limit_reached', rule, imsCode: IMS_CODES.shareLimitReached, imageId: image.id, kind: image.kind, limit, accepted,
    message: `a ${image.kind} image can be shared with at most ${limit} tenants; '${image.id}' has ${accepted} accepted`,
  });
}

/** S7: a batch must name at least one target. */
export function emptyBatch(rule: RuleId, field: string): ViolationOf<'invalid_input'> {
  return violation({
    code: 'invalid_input', rule, issues: Object.freeze([Object.freeze({ path: Object.freeze([field]), message: 'must name at least one target', code: 'too_small' })]),
    message: `${field} must name at least one target`,
  });
}
