/**
 * The rules that are data: image kinds, share limits, quotas, flavours, and what each command
 * accepts. Code reads these tables; it holds no magic numbers of its own.
 *
 * @module
 */

import { type ImageKind } from '../vocabulary.js';

export { IMAGE_KINDS, MEMBERSHIP_STATUSES, SERVER_FLAVORS } from '../vocabulary.js';
export type { ImageKind, MembershipStatus, ServerFlavor } from '../vocabulary.js';

/**
 * S4: how many tenants may hold an accepted membership of one image, by kind. Other clouds on
 * the same stack use 256; pass `shareLimits` to {@link createWorld} for them.
 *
 * @example
 * ```ts
 * DEFAULT_SHARE_LIMITS['full-ecs']; // 10
 * ```
 */
export const DEFAULT_SHARE_LIMITS: Readonly<Record<ImageKind, number>> = Object.freeze({
  system: 128,
  data: 128,
  'full-ecs': 10,
});

/**
 * W3: how many private images an account may own in one region (IMS default).
 *
 * @example
 * ```ts
 * DEFAULT_PRIVATE_IMAGE_QUOTA; // 50
 * ```
 */
export const DEFAULT_PRIVATE_IMAGE_QUOTA = 50;

/**
 * Internal: W4: the last version a state may have. Versions, image times and membership times
 * are safe integers, so a state at this version still loads (its clock could advance once
 * more) and no command runs on it: one would make a state that no snapshot could hold.
 */
export const LAST_VERSION = Number.MAX_SAFE_INTEGER - 1;

/** E1: kinds a server can be created from. */
export const SERVER_IMAGE_KINDS: readonly ImageKind[] = Object.freeze(['system', 'full-ecs']);
/** E4: kinds `changeOs` puts on a server. */
export const CHANGE_OS_IMAGE_KINDS: readonly ImageKind[] = Object.freeze(['system']);
/** E3: kinds `createImageFromServer` makes. */
export const SERVER_CAPTURE_KINDS: readonly ImageKind[] = Object.freeze(['system', 'full-ecs']);
/** E5: kinds a data disk is created from or restored from. */
export const DISK_IMAGE_KINDS: readonly ImageKind[] = Object.freeze(['data']);
/** R1: kinds that cannot be replicated inside a region [IMS IMG.0130]. */
export const NON_REPLICABLE_KINDS: readonly ImageKind[] = Object.freeze(['full-ecs']);

/** F5: the prefixes of minted ids (`img-7`: the image made at version 7). */
export const MINTED_ID_PREFIXES = Object.freeze({ image: 'img', server: 'server', disk: 'disk' } as const);

/** R1: the name a replica gets when the caller gives none (the FAQ's `copy_image`). */
export const COPY_NAME_PREFIX = 'copy_';

/**
 * The IMS error codes that SPEC attaches to violations.
 *
 * @example
 * ```ts
 * IMS_CODES.shareLimitReached; // 'IMG.0088'
 * ```
 */
export const IMS_CODES = Object.freeze({
  privateImageQuotaExceeded: 'IMG.0015',
  shareWithSelf: 'IMG.0076',
  shareLimitReached: 'IMG.0088',
  encryptedNotShareable: 'IMG.0098',
  kindNotReplicable: 'IMG.0130',
  sameRegion: 'IMG.0142',
  encryptedCrossRegion: 'IMG.0143',
  crossRegionTarget: 'IMG.0177',
  membershipNotAccepted: 'IMG.0196',
  encryptedSharedCopy: 'IMG.0197',
});

/**
 * The world's configuration (SPEC §8): quota and share limits, all defaulted.
 *
 * @example
 * ```ts
 * const config: WorldConfig = createWorld().config; // { privateImageQuota: 50, shareLimits: { ... } }
 * ```
 */
export interface WorldConfig {
  readonly privateImageQuota: number;
  readonly shareLimits: Readonly<Record<ImageKind, number>>;
}

/**
 * What `createWorld` accepts: every field optional.
 *
 * @example
 * ```ts
 * const config: WorldConfigInput = { shareLimits: { system: 256 } };
 * ```
 */
export interface WorldConfigInput {
  readonly privateImageQuota?: number;
  readonly shareLimits?: Partial<Record<ImageKind, number>>;
}
