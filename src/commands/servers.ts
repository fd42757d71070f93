/**
 * Servers: E1 (create), E2 (reinstall), E3 (image from server), E4 (change OS), with E0's
 * ownership and E6's kinds.
 *
 * @module
 */
import type { Image } from '../entities.js';
import { duplicateId, violation } from '../errors.js';
import { type Result, type ResultOf, fail } from '../result.js';
import {
  actorAccount, isViolation, ownProject, ownServer, requireAz, requireKind, requireRegion, requireUsable, usableIn, visibleImage,
} from '../rules/access.js';
import { CHANGE_OS_IMAGE_KINDS, type ImageKind, SERVER_CAPTURE_KINDS, SERVER_IMAGE_KINDS, type ServerFlavor } from '../rules/limits.js';
import { mintId } from '../rules/ids.js';
import { checkNewImage } from '../rules/quota.js';
import * as store from '../state/store.js';
import { guarded } from '../input/door.js';
import type { State } from '../state/store.js';
import { Tx } from '../state/tx.js';

/**
 * Input of {@link createServer}. `flavor` defaults to `ecs`.
 *
 * @example
 * ```ts
 * const input: CreateServerInput = { actor: 'bob', id: 'vm-1', projectId: 'bob:cn-north-4', az: 'cn-north-4a', imageId: 'img-1', eip: '203.0.113.7' };
 * ```
 */
export interface CreateServerInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** The new server's id; left out, the model mints one (F5) and the event carries it. */
  readonly id?: string;
  /** A project of the actor's account, in the image's region (E1). */
  readonly projectId: string;
  /** An AZ of the project's region, such as `'cn-north-4a'`. */
  readonly az: string;
  /** A usable `system` or `full-ecs` image (M5, E1). */
  readonly imageId: string;
  /** `'ecs'` (default) or `'hecs'`. */
  readonly flavor?: ServerFlavor;
  /** An elastic IP for the server; images made from it never carry it (E3). */
  readonly eip?: string;
}

/**
 * Creates a server from a usable (M5) `system` or `full-ecs` image, in a project of the
 * actor's account in the image's region, in any AZ of that region (E1). The recipient needs no
 * server beforehand, and the owner may keep using an image it shares (FAQ).
 *
 * @example
 * ```ts
 * const r = createServer(state, { actor: 'bob', id: 'vm-1', projectId: 'bob:cn-north-4', az: 'cn-north-4b', imageId: 'img-1' });
 * ```
 */
export function createServer(state: State, input: CreateServerInput): ResultOf<'createServer'> {
  return guarded('createServer', state, input, createServerChecked) as ResultOf<'createServer'>;
}

/** Internal: {@link createServer} on an input its door has checked and copied (`apply` calls it so). */
export function createServerChecked(state: State, input: CreateServerInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const project = ownProject(state, accountId, input.projectId, 'E0');
  if (isViolation(project)) return fail(project);
  const view = visibleImage(state, accountId, input.imageId, 'E1');
  if (isViolation(view)) return fail(view);
  const refused = requireKind(view.image, SERVER_IMAGE_KINDS) ??
    requireRegion(view, project.regionId, 'E1') ??
    requireAz(state, project.regionId, input.az, 'E1') ??
    requireUsable(view, project.id, 'E1') ??
    (input.id !== undefined && store.server(state, input.id) !== undefined ? duplicateId('server', input.id) : undefined);
  if (refused !== undefined) return fail(refused);
  const tx = new Tx(state);
  const base = { id: input.id ?? mintId(state, 'server'), projectId: project.id, az: input.az, flavor: input.flavor ?? 'ecs', imageId: view.image.id };
  const server = tx.putServer(input.eip === undefined ? base : { ...base, eip: input.eip });
  tx.emit({ type: 'server_created', version: tx.version, server });
  return tx.commit();
}

/**
 * Input of {@link reinstallOs}.
 *
 * @example
 * ```ts
 * const input: ReinstallOsInput = { actor: 'bob', serverId: 'vm-1' };
 * ```
 */
export interface ReinstallOsInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** A server of the actor's account; its image must still be usable (E2). */
  readonly serverId: string;
}

/**
 * Reinstalls a server's OS from its current image, which must still be usable in the server's
 * project (E2): after the owner deletes the image or stops sharing it, `image_not_usable` (D2).
 *
 * @example
 * ```ts
 * const r = reinstallOs(state, { actor: 'bob', serverId: 'vm-1' });
 * ```
 */
export function reinstallOs(state: State, input: ReinstallOsInput): ResultOf<'reinstallOs'> {
  return guarded('reinstallOs', state, input, reinstallOsChecked) as ResultOf<'reinstallOs'>;
}

/** Internal: {@link reinstallOs} on an input its door has checked and copied (`apply` calls it so). */
export function reinstallOsChecked(state: State, input: ReinstallOsInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const owned = ownServer(state, accountId, input.serverId);
  if (isViolation(owned)) return fail(owned);
  const { server } = owned;
  const rec = store.imageRecord(state, server.imageId);
  if (rec === undefined || !usableIn(rec, server.projectId)) {
    return fail(violation({
      code: 'image_not_usable', rule: 'E2', imageId: server.imageId, projectId: server.projectId,
      message: `image '${server.imageId}' was deleted or is no longer shared with project '${server.projectId}'`,
    }));
  }
  const tx = new Tx(state);
  tx.emit({ type: 'os_reinstalled', version: tx.version, server });
  return tx.commit();
}

/**
 * Input of {@link changeOs}.
 *
 * @example
 * ```ts
 * const input: ChangeOsInput = { actor: 'bob', serverId: 'vm-1', imageId: 'copy-1' };
 * ```
 */
export interface ChangeOsInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** A server of the actor's account. */
  readonly serverId: string;
  /** A usable `system` image of the server's region; an owned one for a `hecs` server (E4). */
  readonly imageId: string;
}

/**
 * Puts a usable `system` image of the server's region on a server (E4). A `hecs` server takes
 * only a private image its own account owns: a shared one gives `private_image_required`
 * (FAQ: replicate the shared image first).
 *
 * @example
 * ```ts
 * const r = changeOs(state, { actor: 'bob', serverId: 'hecs-1', imageId: 'bob-copy' });
 * ```
 */
export function changeOs(state: State, input: ChangeOsInput): ResultOf<'changeOs'> {
  return guarded('changeOs', state, input, changeOsChecked) as ResultOf<'changeOs'>;
}

/** Internal: {@link changeOs} on an input its door has checked and copied (`apply` calls it so). */
export function changeOsChecked(state: State, input: ChangeOsInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const owned = ownServer(state, accountId, input.serverId);
  if (isViolation(owned)) return fail(owned);
  const { server, project } = owned;
  const view = visibleImage(state, accountId, input.imageId, 'E4');
  if (isViolation(view)) return fail(view);
  const refused = requireKind(view.image, CHANGE_OS_IMAGE_KINDS) ??
    requireRegion(view, project.regionId, 'E4') ??
    requireUsable(view, project.id, 'E4');
  if (refused !== undefined) return fail(refused);
  if (server.flavor === 'hecs' && view.ownerAccountId !== accountId) {
    return fail(violation({
      code: 'private_image_required', rule: 'E4', imageId: view.image.id,
      message: `a HECS server takes only your own private image: replicate the shared image '${view.image.id}' first`,
    }));
  }
  const tx = new Tx(state);
  const next = tx.putServer({ ...server, imageId: view.image.id }, server.imageId);
  tx.emit({ type: 'os_changed', version: tx.version, server: next, previousImageId: server.imageId });
  return tx.commit();
}

/**
 * Input of {@link createImageFromServer}.
 *
 * @example
 * ```ts
 * const input: CreateImageFromServerInput = { actor: 'bob', serverId: 'vm-1', newImageId: 'snap-1', name: 'snap', kind: 'system' };
 * ```
 */
export interface CreateImageFromServerInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** A server of the actor's account. */
  readonly serverId: string;
  /** The new image's id; left out, the model mints one (F5) and the event carries it. */
  readonly newImageId?: string;
  /** The new image's name. */
  readonly name: string;
  /** `'system'` or `'full-ecs'` (E3). */
  readonly kind: ImageKind;
}

/**
 * Makes a private image (`system` or `full-ecs`) of a server, owned by the server's project
 * and `derivedFrom` the server's current image (E3). It never carries the server's EIP, and it
 * counts toward the quota (W3).
 *
 * @example
 * ```ts
 * const r = createImageFromServer(state, { actor: 'bob', serverId: 'vm-1', newImageId: 'bob-img', name: 'snap', kind: 'system' });
 * ```
 */
export function createImageFromServer(state: State, input: CreateImageFromServerInput): ResultOf<'createImageFromServer'> {
  return guarded('createImageFromServer', state, input, createImageFromServerChecked) as ResultOf<'createImageFromServer'>;
}

/** Internal: {@link createImageFromServer} on an input its door has checked and copied (`apply` calls it so). */
export function createImageFromServerChecked(state: State, input: CreateImageFromServerInput): Result {
  const accountId = actorAccount(state, input.actor);
  if (isViolation(accountId)) return fail(accountId);
  const owned = ownServer(state, accountId, input.serverId);
  if (isViolation(owned)) return fail(owned);
  const { server, project } = owned;
  const newImageId = input.newImageId ?? mintId(state, 'image');
  if (!SERVER_CAPTURE_KINDS.includes(input.kind)) {
    return fail(violation({
      code: 'wrong_image_kind', rule: 'E6', imageId: newImageId, kind: input.kind, expected: SERVER_CAPTURE_KINDS,
      message: `an image made from a server is ${SERVER_CAPTURE_KINDS.join(' or ')}, not ${input.kind}`,
    }));
  }
  const refused = checkNewImage(state, newImageId, accountId, project.regionId, 'E3');
  if (refused !== undefined) return fail(refused);
  const tx = new Tx(state);
  const image: Image = Object.freeze({
    id: newImageId,
    name: input.name,
    kind: input.kind,
    ownerProjectId: project.id,
    encrypted: false,
    derivedFrom: server.imageId,
    sourceServerId: server.id,
    createdAt: tx.version,
  });
  tx.addImage(image);
  tx.emit({ type: 'image_created_from_server', version: tx.version, image, serverId: server.id });
  return tx.commit();
}
