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
export type { CommandPlan, PlanOptions } from './plans.js';
export {
  DEFAULT_PLAN_WEIGHTS, DEFAULT_VALID_BIAS, commandArbitrary, planArbitrary, principalArbitrary, resolvePlan,
} from './plans.js';
export { HOSTILE_IDS } from './picker.js';
export type { Counterexample } from './counterexample.js';
export { parseCounterexample } from './counterexample.js';
export type { WorldArbitraryOptions, WorldSetup } from './world.js';
export { buildWorld, worldArbitrary, worldSetupArbitrary } from './world.js';
export type { RefResult } from './reference/commands.js';
export { applyReference, runReference } from './reference/commands.js';
export type { RefAccount, RefDisk, RefImage, RefMember, RefProject, RefServer } from './reference/model.js';
export { ReferenceModel } from './reference/model.js';
export type { ModelCommandsOptions, RealSystem } from './model-run.js';
export {
  AcceptCommand, AddAccountCommand, AddIamUserCommand, AddProjectCommand, ChangeOsCommand, CreateDataDiskCommand,
  CreateImageFromServerCommand, CreateServerCommand, DeleteImageCommand, PlannedCommand, RegisterImageCommand,
  RejectCommand, ReinstallOsCommand, ReplicateAcrossRegionCommand, ReplicateCommand, RestoreDataDiskCommand,
  ShareCommand, StopSharingCommand, compareViews, modelCommands, modelSetup,
} from './model-run.js';
