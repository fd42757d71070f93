/**
 * `ims-sharing`: an immutable, rule-exact model of HUAWEI CLOUD Image Management Service image
 * sharing. Commands are pure functions `(state, input) => Result`; queries never leak (S1).
 *
 * @example
 * ```ts
 * import { createWorld, addAccount, registerImage, share, accept, canUseImage } from 'ims-sharing';
 * ```
 *
 * @packageDocumentation
 */
export type { Catalogue, Region, Site } from './catalogue.js';
export { DEFAULT_CATALOGUE, MAX_CATALOGUE_ENTRIES } from './catalogue.js';
export type { Account, DataDisk, IamUser, Image, Membership, Principal, Project, Server } from './entities.js';
export type { EntityKind, InputIssue, RuleId, RuleViolation, ViolationCode, ViolationOf } from './errors.js';
export { VIOLATION_CODES, violation } from './errors.js';
export type { DomainEvent, DomainEventType } from './events.js';
export type { CommandEvents, QueryResult, Result, ResultOf } from './result.js';
export type { ImageKind, MembershipStatus, ServerFlavor } from './vocabulary.js';
export { IMAGE_KINDS, MEMBERSHIP_STATUSES, SERVER_FLAVORS } from './vocabulary.js';
export type { WorldConfig, WorldConfigInput } from './rules/limits.js';
export { DEFAULT_PRIVATE_IMAGE_QUOTA, DEFAULT_SHARE_LIMITS, IMS_CODES } from './rules/limits.js';
export type { ShareTarget } from './rules/targets.js';
export type { State } from './state/store.js';
export { isState } from './state/store.js';
export { createWorld } from './state/world.js';

export type { AddAccountInput, AddIamUserInput, AddProjectInput, RegisterImageInput } from './commands/setup.js';
export { addAccount, addIamUser, addProject, defaultProjectId, registerImage } from './commands/setup.js';
export type { ShareInput } from './commands/share.js';
export { share } from './commands/share.js';
export type { DecideInput } from './commands/membership.js';
export { accept, reject } from './commands/membership.js';
export type { StopSharingInput } from './commands/stop-sharing.js';
export { stopSharing } from './commands/stop-sharing.js';
export type { DeleteImageInput } from './commands/delete-image.js';
export { deleteImage } from './commands/delete-image.js';
export type { ReplicateInput } from './commands/replicate.js';
export { replicate } from './commands/replicate.js';
export type { ReplicateAcrossRegionInput } from './commands/replicate-across-region.js';
export { replicateAcrossRegion } from './commands/replicate-across-region.js';
export type { ChangeOsInput, CreateImageFromServerInput, CreateServerInput, ReinstallOsInput } from './commands/servers.js';
export { changeOs, createImageFromServer, createServer, reinstallOs } from './commands/servers.js';
export type { CreateDataDiskInput, RestoreDataDiskInput } from './commands/disks.js';
export { createDataDisk, restoreDataDisk } from './commands/disks.js';

export type { BatchReplayResult, BatchResult, Command, ReplayResult } from './input/apply.js';
export { apply, commands, replay, replayBatch } from './input/apply.js';
export type { CommandType } from './input/schemas.js';
export { inputSchemas } from './input/schemas.js';

export {
  defaultProject, getAccount, getDisk, getIamUser, getImage, getMembership, getProject, getServer, listRegions,
} from './queries/getters.js';
export type { SharedWithOptions } from './queries/shared-with.js';
export { canUseImage, imagesSharedWith, membersOf, visibleImages } from './queries/shared-with.js';
export type { ExposureEntry, ExposureVia } from './queries/exposure.js';
export { exposure } from './queries/exposure.js';

export type { ListImagesOptions, ListMembershipsOptions, ListPlacedOptions, ListProjectsOptions } from './queries/listings.js';
export { listAccounts, listDisks, listImages, listMemberships, listProjects, listServers } from './queries/listings.js';
export type { Change, ChangeOf } from './queries/diff.js';
export { diff } from './queries/diff.js';
export type { EditRecipe } from './edit.js';
export { edit } from './edit.js';

export type { InvariantViolation } from './invariants.js';
export { checkInvariants } from './invariants.js';
export type { Snapshot } from './snapshot/format.js';
export type { SnapshotResult } from './snapshot/read.js';
export { SNAPSHOT_FORMAT, snapshotSchema } from './snapshot/format.js';
export { fromSnapshot } from './snapshot/read.js';
export { toSnapshot } from './snapshot/write.js';
export type { RuleInfo } from './rules/catalog.js';
export { RULES } from './rules/catalog.js';
export type { SimulateOptions, SimulationStep, SimulationSummary } from './simulate/simulate.js';
export type { CommandStream, CommandStreamOptions } from './simulate/stream.js';
export type { StreamKind } from './simulate/mix.js';
export { commandStream } from './simulate/stream.js';
export { DEFAULT_STREAM_WEIGHTS } from './simulate/mix.js';
export { simulate } from './simulate/simulate.js';
