/**
 * Rule violations: one readonly discriminated union keyed by `code` (SPEC §8). Every variant
 * names the rule it enforces (`rule`), a human `message`, the IMS error code where SPEC gives
 * one (`imsCode`), the index of the offending target in a batch (`index`, S7), and the fields
 * a caller needs to act on it.
 *
 * @module
 */
import type { ImageKind, MembershipStatus } from './vocabulary.js';

/**
 * Every rule id of SPEC §1 to §7, §9 and §11, plus `input` for schema validation and `snapshot`.
 *
 * @example
 * ```ts
 * const rule: RuleId = 'S4';
 * ```
 */
export type RuleId =
  | 'W1' | 'W2' | 'W3' | 'W4' | 'W5'
  | 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8' | 'S9'
  | 'M1' | 'M2' | 'M3' | 'M4' | 'M5' | 'M6'
  | 'R1' | 'R2' | 'R3'
  | 'D1' | 'D2'
  | 'E0' | 'E1' | 'E2' | 'E3' | 'E4' | 'E5' | 'E6'
  | 'X1'
  | 'F1' | 'F2' | 'F3' | 'F4' | 'F5' | 'F6' | 'F7'
  | 'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6'
  | 'input' | 'snapshot';

/**
 * What a `not_found`, `duplicate_id` or `duplicate_name` is about.
 *
 * @example
 * ```ts
 * if (!r.ok && r.error.code === 'not_found') console.log(r.error.entity); // EntityKind
 * ```
 */
export type EntityKind =
  | 'principal' | 'site' | 'account' | 'iamUser' | 'project' | 'region' | 'az'
  | 'image' | 'membership' | 'server' | 'disk' | 'job';

interface Base<C extends string> {
  readonly code: C;
  readonly rule: RuleId;
  readonly message: string;
  readonly imsCode?: string;
  /** S7: the index of the offending target in a batch. */
  readonly index?: number;
}

/**
 * One problem found in untrusted input (a zod issue, or a broken snapshot invariant).
 *
 * @example
 * ```ts
 * if (!r.ok && r.error.code === 'invalid_input') for (const issue of r.error.issues) console.log(issue.path, issue.message);
 * ```
 */
export interface InputIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly code: string;
}

/**
 * Every violation, discriminated by `code`.
 *
 * @example
 * ```ts
 * if (!r.ok) console.log(r.error.code, r.error.rule, r.error.message);
 * ```
 */
export type RuleViolation =
  | (Base<'not_found'> & { readonly entity: EntityKind; readonly id: string })
  | (Base<'duplicate_id'> & { readonly entity: EntityKind; readonly id: string })
  | (Base<'duplicate_name'> & { readonly entity: EntityKind; readonly name: string })
  | (Base<'not_image_owner'> & { readonly imageId: string })
  | (Base<'reshare_not_allowed'> & { readonly imageId: string })
  | (Base<'share_with_self'> & { readonly imageId: string; readonly projectId: string })
  | (Base<'cross_region_target'> & {
      readonly imageId: string;
      readonly projectId: string;
      readonly imageRegionId: string;
      readonly targetRegionId: string;
    })
  | (Base<'region_not_available_at_site'> & {
      readonly regionId: string;
      readonly site: string;
      readonly accountId: string;
    })
  | (Base<'share_limit_reached'> & {
      readonly imageId: string;
      readonly kind: ImageKind;
      readonly limit: number;
      readonly accepted: number;
    })
  | (Base<'image_not_shareable'> & { readonly imageId: string; readonly reason: 'encrypted' })
  | (Base<'already_shared'> & {
      readonly imageId: string;
      readonly projectId: string;
      readonly status: MembershipStatus;
    })
  | (Base<'status_unchanged'> & {
      readonly imageId: string;
      readonly projectId: string;
      readonly status: MembershipStatus;
    })
  | (Base<'ambiguous_membership'> & { readonly imageId: string; readonly projectIds: readonly string[] })
  | (Base<'membership_not_accepted'> & {
      readonly imageId: string;
      readonly projectId: string;
      readonly status: MembershipStatus;
    })
  | (Base<'kind_not_replicable'> & { readonly imageId: string; readonly kind: ImageKind })
  | (Base<'same_region'> & { readonly imageId: string; readonly regionId: string })
  | (Base<'encrypted_not_allowed'> & { readonly imageId: string })
  | (Base<'private_image_required'> & { readonly imageId: string })
  | (Base<'private_image_quota_exceeded'> & {
      readonly accountId: string;
      readonly regionId: string;
      readonly quota: number;
    })
  | (Base<'region_mismatch'> & {
      readonly imageId: string;
      readonly imageRegionId: string;
      readonly regionId: string;
    })
  | (Base<'image_not_usable'> & { readonly imageId: string; readonly projectId: string })
  | (Base<'existing_disk_restore_not_allowed'> & { readonly imageId: string; readonly diskId: string })
  | (Base<'wrong_image_kind'> & {
      readonly imageId: string;
      readonly kind: ImageKind;
      readonly expected: readonly ImageKind[];
    })
  | (Base<'invalid_input'> & { readonly issues: readonly InputIssue[] });

/**
 * The violation codes (SPEC §8). None is renamed without a major version.
 *
 * @example
 * ```ts
 * const code: ViolationCode = 'share_limit_reached';
 * ```
 */
export type ViolationCode = RuleViolation['code'];

/**
 * The variant of {@link RuleViolation} with code `C`.
 *
 * @example
 * ```ts
 * const limit = (e: ViolationOf<'share_limit_reached'>) => e.limit;
 * ```
 */
export type ViolationOf<C extends ViolationCode> = Extract<RuleViolation, { readonly code: C }>;

/**
 * Every violation code, in SPEC §8's order.
 *
 * @example
 * ```ts
 * VIOLATION_CODES.includes('share_limit_reached'); // true
 * ```
 */
export const VIOLATION_CODES: readonly ViolationCode[] = Object.freeze([
  'not_found', 'duplicate_id', 'duplicate_name', 'not_image_owner', 'reshare_not_allowed',
  'share_with_self', 'cross_region_target', 'region_not_available_at_site', 'share_limit_reached',
  'image_not_shareable', 'already_shared', 'status_unchanged', 'ambiguous_membership',
  'membership_not_accepted', 'kind_not_replicable', 'same_region', 'encrypted_not_allowed',
  'private_image_required', 'private_image_quota_exceeded', 'region_mismatch', 'image_not_usable',
  'existing_disk_restore_not_allowed', 'wrong_image_kind', 'invalid_input',
] satisfies ViolationCode[]);

/**
 * Makes a frozen violation. Used by the rules; exported for users who build their own commands.
 *
 * @example
 * ```ts
 * const v = violation({ code: 'not_found', rule: 'S1', entity: 'image', id: 'img-1', message: 'no image img-1' });
 * ```
 */
export function violation<C extends ViolationCode>(v: ViolationOf<C>): ViolationOf<C> {
  return Object.freeze(v) as ViolationOf<C>;
}

/** What to check when an entity of a kind is not found: the hint that fixes the call. */
const NOT_FOUND_HINTS: Partial<Record<EntityKind, string>> = {
  principal: 'an actor is an account id or an IAM user id',
  project: "a project is named by its id, not its name; default project ids are <accountId>:<regionId>, such as 'alice:cn-north-4'",
  membership: "only the member project's account (or its IAM users) can accept or reject a shared image; the owner cannot",
  account: 'a share target names an account by id or by name',
};

/** A `not_found` violation for `entity` `id` under `rule`, with a hint (or `hint`) that fixes the call. */
export function notFound(rule: RuleId, entity: EntityKind, id: string, hint?: string): ViolationOf<'not_found'> {
  const why = hint ?? NOT_FOUND_HINTS[entity];
  return violation({ code: 'not_found', rule, entity, id, message: `${entity} '${id}' not found${why === undefined ? '' : `: ${why}`}` });
}

/** A `duplicate_id` violation (W2). */
export function duplicateId(entity: EntityKind, id: string): ViolationOf<'duplicate_id'> {
  return violation({ code: 'duplicate_id', rule: 'W2', entity, id, message: `${entity} id '${id}' is already taken` });
}

/** An issue as zod reports it (its path keys may be symbols). */
export type ZodLikeIssue = { readonly path: readonly PropertyKey[]; readonly message: string; readonly code: string };

/** Zod's issues as frozen {@link InputIssue}s (path keys as strings or indexes). */
export function toIssues(issues: readonly ZodLikeIssue[]): readonly InputIssue[] {
  return Object.freeze(issues.map((i) => Object.freeze({
    path: Object.freeze(i.path.map((p) => (typeof p === 'number' ? p : String(p)))),
    message: i.message,
    code: i.code,
  })));
}

/** Adds the batch index (S7) to a violation. */
export function atIndex(v: RuleViolation, index: number): RuleViolation {
  return Object.freeze({ ...v, index });
}
