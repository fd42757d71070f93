/**
 * Getters (SPEC §8): entities by id, regions, default projects. They take no principal: they
 * are the simulator's own view of the world, for set-up, tests and tools. Principal-facing
 * queries that must not leak (S1) live in `shared-with.ts` and `exposure.ts`.
 *
 * @module
 */
import type { Region } from '../catalogue.js';
import type { Account, DataDisk, IamUser, Image, Membership, Project, Server } from '../entities.js';
import * as store from '../state/store.js';
import { type State, isId, isState } from '../state/store.js';

const NO_REGIONS: readonly Region[] = Object.freeze([]);

/**
 * The image with this id, or `undefined`.
 *
 * @example
 * ```ts
 * getImage(state, 'img-1')?.ownerProjectId;
 * ```
 */
export function getImage(state: State, id: string): Image | undefined {
  return isState(state) && isId(id) ? store.image(state, id) : undefined;
}

/** The account with this id, or `undefined`. @example `getAccount(state, 'alice')?.site` */
export function getAccount(state: State, id: string): Account | undefined {
  return isState(state) && isId(id) ? store.account(state, id) : undefined;
}

/** The IAM user with this id, or `undefined`. @example `getIamUser(state, 'alice-ops')?.accountId` */
export function getIamUser(state: State, id: string): IamUser | undefined {
  const p = isState(state) && isId(id) ? store.principal(state, id) : undefined;
  return p?.kind === 'iamUser' ? Object.freeze({ id: p.id, accountId: p.accountId }) : undefined;
}

/** The project with this id, or `undefined`. @example `getProject(state, 'alice:cn-north-4')?.regionId` */
export function getProject(state: State, id: string): Project | undefined {
  return isState(state) && isId(id) ? store.project(state, id) : undefined;
}

/** The server with this id, or `undefined`. @example `getServer(state, 'vm-1')?.imageId` */
export function getServer(state: State, id: string): Server | undefined {
  return isState(state) && isId(id) ? store.server(state, id) : undefined;
}

/** The data disk with this id, or `undefined`. @example `getDisk(state, 'disk-1')?.imageId` */
export function getDisk(state: State, id: string): DataDisk | undefined {
  return isState(state) && isId(id) ? store.disk(state, id) : undefined;
}

/** The membership of a project in an image, or `undefined`. @example `getMembership(state, 'img-1', 'bob:cn-north-4')?.status` */
export function getMembership(state: State, imageId: string, projectId: string): Membership | undefined {
  return isState(state) && isId(imageId) && isId(projectId) ? store.membership(state, imageId, projectId) : undefined;
}

/**
 * Every region of the world's catalogue, in catalogue order.
 *
 * @example
 * ```ts
 * listRegions(createWorld()).map((r) => r.id); // ['cn-north-4', ...]
 * ```
 */
export function listRegions(state: State): readonly Region[] {
  return isState(state) ? store.regions(state) : NO_REGIONS;
}

/**
 * The account's default project in a region (W1), or `undefined` when its site does not offer
 * the region.
 *
 * @example
 * ```ts
 * defaultProject(state, 'alice', 'cn-north-4')?.id; // 'alice:cn-north-4'
 * ```
 */
export function defaultProject(state: State, accountId: string, regionId: string): Project | undefined {
  return isState(state) && isId(accountId) && isId(regionId) ? store.defaultProjectOf(state, accountId, regionId) : undefined;
}
