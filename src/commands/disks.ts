/**
 * Data disks: E5 (create from, and restore into), with E0's ownership and E6's kinds.
 *
 * @module
 */
import type { DataDisk } from '../entities.js';
import { duplicateId, violation } from '../errors.js';
import { type Result, type ResultOf, fail } from '../result.js';
import {
  actorAccount, isViolation, ownDisk, ownProject, requireAz, requireKind, requireRegion, requireUsable, visibleImage,
} from '../rules/access.js';
import { mintId } from '../rules/ids.js';
import { DISK_IMAGE_KINDS } from '../rules/limits.js';
import * as store from '../state/store.js';
import { guarded } from '../input/door.js';
import type { State } from '../state/store.js';
import { Tx } from '../state/tx.js';

/**
 * Input of {@link createDataDisk}. Without `imageId` the disk is blank [decision].
 *
 * @example
 * ```ts
 * const input: CreateDataDiskInput = { actor: 'bob', id: 'disk-1', projectId: 'bob:cn-north-4', az: 'cn-north-4a', imageId: 'data-1' };
 * ```
 */
export interface CreateDataDiskInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** The new disk's id; left out, the model mints one (F5) and the event carries it. */
  readonly id?: string;
  /** A project of the actor's account. */
  readonly projectId: string;
  /** An AZ of the project's region. */
  readonly az: string;
  /** A usable `data` image to fill the disk from (E5); default: a blank disk. */
  readonly imageId?: string;
}

/**
 * Creates a new data disk in a project of the actor's account, from a usable `data` image of
 * the project's region (E5): this is how a tenant restores the data of a data disk image shared
 * by another account (FAQ: "apply for a new data disk").
 *
 * @example
 * ```ts
 * const r = createDataDisk(state, { actor: 'bob', id: 'disk-1', projectId: 'bob:cn-north-4', az: 'cn-north-4a', imageId: 'data-1' });
 * ```
 */
export function createDataDisk(state: State, input: CreateDataDiskInput): ResultOf<'createDataDisk'> {
  return guarded('createDataDisk', state, input, createDataDiskChecked) as ResultOf<'createDataDisk'>;
}

/** Internal: {@link createDataDisk} on an input its door has checked and copied (`apply` calls it so). */
export function createDataDiskChecked(state: State, input: CreateDataDiskInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const project = ownProject(state, accountId, input.projectId, 'E0');
  if (isViolation(project)) return fail(project);
  const base = { id: input.id ?? mintId(state, 'disk'), projectId: project.id, az: input.az };
  let disk: DataDisk = base;
  if (input.imageId !== undefined) {
    const view = visibleImage(state, accountId, input.imageId, 'E5');
    if (isViolation(view)) return fail(view);
    const refused = requireKind(view.image, DISK_IMAGE_KINDS) ??
      requireRegion(view, project.regionId, 'E5') ??
      requireUsable(view, project.id, 'E5');
    if (refused !== undefined) return fail(refused);
    disk = { ...base, imageId: view.image.id };
  }
  const refused = requireAz(state, project.regionId, input.az, 'E5') ??
    (input.id !== undefined && store.disk(state, input.id) !== undefined ? duplicateId('disk', input.id) : undefined);
  if (refused !== undefined) return fail(refused);
  const tx = new Tx(state);
  const created = tx.putDisk(disk);
  tx.emit({ type: 'data_disk_created', version: tx.version, disk: created });
  return tx.commit();
}

/**
 * Input of {@link restoreDataDisk}.
 *
 * @example
 * ```ts
 * const input: RestoreDataDiskInput = { actor: 'alice', diskId: 'disk-1', imageId: 'data-1' };
 * ```
 */
export interface RestoreDataDiskInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** A disk of the actor's account. */
  readonly diskId: string;
  /** A `data` image owned by the actor's account (an image shared by another account cannot be restored into an existing disk, E5). */
  readonly imageId: string;
}

/**
 * Restores a `data` image into an existing disk of the actor's account (E5). Allowed from an
 * image the account owns (and that is usable in the disk's project); refused with
 * `existing_disk_restore_not_allowed` for an image shared by another account (FAQ: apply for a
 * new data disk instead).
 *
 * @example
 * ```ts
 * const r = restoreDataDisk(state, { actor: 'alice', diskId: 'disk-1', imageId: 'data-1' });
 * ```
 */
export function restoreDataDisk(state: State, input: RestoreDataDiskInput): ResultOf<'restoreDataDisk'> {
  return guarded('restoreDataDisk', state, input, restoreDataDiskChecked) as ResultOf<'restoreDataDisk'>;
}

/** Internal: {@link restoreDataDisk} on an input its door has checked and copied (`apply` calls it so). */
export function restoreDataDiskChecked(state: State, input: RestoreDataDiskInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const owned = ownDisk(state, accountId, input.diskId);
  if (isViolation(owned)) return fail(owned);
  const { disk, project } = owned;
  const view = visibleImage(state, accountId, input.imageId, 'E5');
  if (isViolation(view)) return fail(view);
  const refused = requireKind(view.image, DISK_IMAGE_KINDS) ?? requireRegion(view, project.regionId, 'E5');
  if (refused !== undefined) return fail(refused);
  if (!view.owned) {
    return fail(violation({
      code: 'existing_disk_restore_not_allowed', rule: 'E5', imageId: view.image.id, diskId: disk.id,
      message: `image '${view.image.id}' is shared by another account: create a new data disk from it instead`,
    }));
  }
  const unusable = requireUsable(view, project.id, 'E5');
  if (unusable !== undefined) return fail(unusable);
  const tx = new Tx(state);
  const restored = tx.putDisk({ ...disk, imageId: view.image.id }, disk.imageId);
  tx.emit(disk.imageId === undefined
    ? { type: 'data_disk_restored', version: tx.version, disk: restored }
    : { type: 'data_disk_restored', version: tx.version, disk: restored, previousImageId: disk.imageId });
  return tx.commit();
}
