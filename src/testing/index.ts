/**
 * `ims-sharing/testing`: fast-check arbitraries and the model-based kit, for users who drive
 * the library from property-based tests. Needs `fast-check` (a peer dependency); the main entry
 * does not.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { worldArbitrary, planArbitrary, resolvePlan, checkInvariants } from 'ims-sharing/testing';
 * ```
 *
 * @packageDocumentation
 */
export { checkInvariants } from '../invariants.js';
export type { InvariantViolation } from '../invariants.js';
export type { IdPools } from './pools.js';
export { idPools } from './pools.js';
export type { CommandPlan } from './plans.js';
export { HOSTILE_IDS, planArbitrary, resolvePlan } from './plans.js';
export type { WorldArbitraryOptions } from './world.js';
export { worldArbitrary } from './world.js';
