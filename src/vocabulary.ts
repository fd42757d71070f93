/**
 * The domain vocabulary (SPEC §1): image kinds, server flavors and membership statuses, as
 * data and as types. The ground floor of the library: entities, errors and events import it
 * from here, never from the rules above them.
 *
 * @module
 */

/**
 * The three kinds of image (SPEC §1).
 *
 * @example
 * ```ts
 * IMAGE_KINDS.includes('full-ecs'); // true
 * ```
 */
export const IMAGE_KINDS = Object.freeze(['system', 'data', 'full-ecs'] as const);
/**
 * `system`, `data` or `full-ecs`.
 *
 * @example
 * ```ts
 * const kind: ImageKind = 'full-ecs';
 * ```
 */
export type ImageKind = (typeof IMAGE_KINDS)[number];

/**
 * Server flavours: `ecs`, or `hecs` for a HUAWEI CLOUD lightweight server (SPEC §1).
 *
 * @example
 * ```ts
 * SERVER_FLAVORS; // ['ecs', 'hecs']
 * ```
 */
export const SERVER_FLAVORS = Object.freeze(['ecs', 'hecs'] as const);
/**
 * `ecs` or `hecs`.
 *
 * @example
 * ```ts
 * const flavor: ServerFlavor = 'hecs';
 * ```
 */
export type ServerFlavor = (typeof SERVER_FLAVORS)[number];

/**
 * Membership statuses (M1, M2).
 *
 * @example
 * ```ts
 * MEMBERSHIP_STATUSES; // ['pending', 'accepted', 'rejected']
 * ```
 */
export const MEMBERSHIP_STATUSES = Object.freeze(['pending', 'accepted', 'rejected'] as const);
/**
 * `pending`, `accepted` or `rejected`.
 *
 * @example
 * ```ts
 * const status: MembershipStatus = 'pending';
 * ```
 */
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
