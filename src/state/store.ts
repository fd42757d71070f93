/**
 * The state's layout and every read of it. No other module knows how the tables are arranged:
 * rules call these functions, and `tx.ts` is the only writer.
 *
 * Layout: every table is a persistent hash trie ({@link PMap}), so an update copies a bounded
 * path of small nodes whatever the size of the world. Secondary indexes keep every command and
 * query proportional to what it touches:
 * - an image record holds its memberships (by project) and its accepted count (S4);
 * - a project record holds the images it owns and the memberships it received, split by status
 *   (M4's lists are read, never filtered);
 * - an account record holds its projects by region: in each, its default project (W1), the
 *   others by id and by name (W2), and the count of private images those others own (W3 adds
 *   the default project's owned set), so that no command reads every project of an account in
 *   a region;
 * - an image record holds its lineage: the images derived from it and the servers and disks
 *   made from it (X1). When the image is deleted its lineage moves to the `retired` table, so
 *   a deleted link keeps the chain and its id stays taken.
 *
 * @module
 */
import type { Catalogue, Region } from '../catalogue.js';
import type { Account, DataDisk, Image, Membership, Principal, Project, Server } from '../entities.js';
import { type PMap, forEach, get } from '../internal/pmap.js';
import type { WorldConfig } from '../rules/limits.js';
import type { MembershipStatus } from '../vocabulary.js';

/** Internal: An account with its projects by region; `seq` is its place in creation order. */
export interface AccountRecord {
  readonly account: Account;
  readonly regions: PMap<RegionProjects>;
  readonly seq: number;
}

/**
 * Internal: An account's projects in one region: its default project (W1: one in every region
 * the account's site offers), its other projects by id and their names (W2: unique per account
 * and region), each to its project's id, and how many private images those other projects own
 * (with the default project's owned set, W3's count). Most accounts hold the default project
 * alone, which then costs no trie at all, and an image made or deleted in a default project
 * leaves this record as it is.
 */
export interface RegionProjects {
  readonly defaultProject: Project | undefined;
  readonly others: PMap<Project>;
  readonly otherNames: PMap<string>;
  readonly otherImages: number;
}

/** Every project of `r`: the default one first, then the others in no particular order. */
export function forEachProject(r: RegionProjects, fn: (p: Project) => void): void {
  if (r.defaultProject !== undefined) fn(r.defaultProject);
  forEach(r.others, fn);
}

/** How many projects `r` holds. */
export function projectCount(r: RegionProjects): number {
  return r.others.size + (r.defaultProject === undefined ? 0 : 1);
}

/** The project of that id that `r` holds, if any. */
export function indexedProject(r: RegionProjects, id: string): Project | undefined {
  return r.defaultProject?.id === id ? r.defaultProject : get(r.others, id);
}

/**
 * Internal: A project with the images it owns, the memberships it holds (by status), and the
 * servers and disks it holds (for the listings); `seq` is its place in creation order.
 */
export interface ProjectRecord {
  readonly project: Project;
  readonly owned: PMap<true>;
  readonly received: Readonly<Record<MembershipStatus, PMap<Membership>>>;
  readonly servers: PMap<true>;
  readonly disks: PMap<true>;
  readonly seq: number;
}

/**
 * Internal: An image with its memberships (by project id) and their places in creation order,
 * how many are accepted (S4), and its lineage (X1). Images are ordered by `image.createdAt`:
 * each command makes at most one image, so no two images share it.
 */
export interface ImageRecord {
  readonly image: Image;
  readonly members: PMap<Membership>;
  readonly memberSeq: PMap<number>;
  readonly accepted: number;
  readonly lineage: Lineage;
}

/** Internal: A deleted image: its record (lineage fields, creation time) and its lineage stay (F1, X1). */
export interface RetiredRecord {
  readonly image: Image;
  readonly lineage: Lineage;
}

/** Internal: What was made from an image (X1): derived images, servers and disks, by id. */
export interface Lineage {
  readonly derived: PMap<true>;
  readonly servers: PMap<true>;
  readonly disks: PMap<true>;
}

/** Internal: A server and its place in creation order. */
export interface ServerRecord {
  readonly server: Server;
  readonly seq: number;
}

/** Internal: A disk and its place in creation order. */
export interface DiskRecord {
  readonly disk: DataDisk;
  readonly seq: number;
}

/** Internal: The tables of a state. Read only through this module. */
export interface Tables {
  readonly regions: PMap<Region>;
  readonly principals: PMap<Principal>;
  readonly accounts: PMap<AccountRecord>;
  readonly accountNames: PMap<string>;
  readonly projects: PMap<ProjectRecord>;
  readonly images: PMap<ImageRecord>;
  /** Deleted images, by id (their ids stay taken, their lineage stays). */
  readonly retired: PMap<RetiredRecord>;
  readonly servers: PMap<ServerRecord>;
  readonly disks: PMap<DiskRecord>;
  /** The next creation sequence number: orders accounts, projects, memberships, servers, disks. */
  readonly serial: number;
}

/**
 * An immutable world. Read it with the query functions; change it with the commands, which
 * return a new `State`. `version` is the logical clock (W4).
 *
 * @example
 * ```ts
 * const state = createWorld();
 * state.version; // 0
 * ```
 */
export interface State {
  readonly version: number;
  readonly config: WorldConfig;
  readonly catalogue: Catalogue;
  /** @internal The layout; read it through the query functions. */
  readonly tables: Tables;
}

/**
 * How a state is recognised (F3): by a private class field of the class that makes every
 * state (`#brand in value`), which no forged object can carry, which a proxy does not forward,
 * and whose test runs no trap and never throws, even on a revoked proxy. Each copy of the
 * library loaded in the process (the ESM and CJS builds, and the entries that bundle the core)
 * registers its own test here, in one registry shared through `globalThis`, so that a state
 * made by one copy is a state for all of them.
 */
const CHECKS_KEY = Symbol.for('ims-sharing/state-checks@2');

function checks(): Set<(value: object) => boolean> {
  const g = globalThis as { [CHECKS_KEY]?: Set<(value: object) => boolean> };
  let set = g[CHECKS_KEY];
  if (set === undefined) {
    set = new Set();
    Object.defineProperty(g, CHECKS_KEY, { value: set });
  }
  return set;
}

const CHECKS = checks();

/** Internal: registers the brand test of this copy's state class. */
export function registerStateCheck(check: (value: object) => boolean): void {
  CHECKS.add(check);
}

/**
 * Whether `value` is a {@link State} this library made (F3): commands, queries and `apply`
 * answer anything else as malformed input or as an unknown id, without reading it.
 *
 * @example
 * ```ts
 * isState(createWorld()); // true
 * isState(JSON.parse(JSON.stringify(createWorld()))); // false: load a snapshot with fromSnapshot
 * ```
 */
export function isState(value: unknown): value is State {
  if (typeof value !== 'object' || value === null) return false;
  for (const check of CHECKS) if (check(value)) return true;
  return false;
}

/** Whether `id` can name an entity: ids are non-empty strings (F3). */
export function isId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0;
}

export function region(state: State, id: string): Region | undefined {
  return get(state.tables.regions, id);
}

export function principal(state: State, id: string): Principal | undefined {
  return get(state.tables.principals, id);
}

export function accountRecord(state: State, id: string): AccountRecord | undefined {
  return get(state.tables.accounts, id);
}

export function account(state: State, id: string): Account | undefined {
  return get(state.tables.accounts, id)?.account;
}

export function accountIdByName(state: State, name: string): string | undefined {
  return get(state.tables.accountNames, name);
}

export function projectRecord(state: State, id: string): ProjectRecord | undefined {
  return get(state.tables.projects, id);
}

export function project(state: State, id: string): Project | undefined {
  return get(state.tables.projects, id)?.project;
}

export function imageRecord(state: State, id: string): ImageRecord | undefined {
  return get(state.tables.images, id);
}

export function image(state: State, id: string): Image | undefined {
  return get(state.tables.images, id)?.image;
}

export function membership(state: State, imageId: string, projectId: string): Membership | undefined {
  const rec = get(state.tables.images, imageId);
  return rec === undefined ? undefined : get(rec.members, projectId);
}

export function server(state: State, id: string): Server | undefined {
  return get(state.tables.servers, id)?.server;
}

export function disk(state: State, id: string): DataDisk | undefined {
  return get(state.tables.disks, id)?.disk;
}

/** The lineage of an image, live or deleted; `undefined` for an id never used. */
export function lineage(state: State, imageId: string): Lineage | undefined {
  return get(state.tables.images, imageId)?.lineage ?? get(state.tables.retired, imageId)?.lineage;
}

/** An image, live or deleted (its record outlives it, F1); `undefined` for an id never used. */
export function anyImage(state: State, imageId: string): Image | undefined {
  return get(state.tables.images, imageId)?.image ?? get(state.tables.retired, imageId)?.image;
}

const NONE: readonly Project[] = Object.freeze([]);

/** An account's projects in one region (W1, W2, W3), or `undefined` when it has none there. */
export function regionProjects(state: State, accountId: string, regionId: string): RegionProjects | undefined {
  const rec = get(state.tables.accounts, accountId);
  return rec === undefined ? undefined : get(rec.regions, regionId);
}

/**
 * The projects of an account, optionally only those in `regionId`, in no particular order
 * (callers that list them sort by creation order). Cost: the projects returned.
 */
export function accountProjects(state: State, accountId: string, regionId?: string): readonly Project[] {
  const rec = get(state.tables.accounts, accountId);
  if (rec === undefined) return NONE;
  const out: Project[] = [];
  const add = (p: Project): void => {
    out.push(p);
  };
  if (regionId !== undefined) {
    const r = get(rec.regions, regionId);
    if (r !== undefined) forEachProject(r, add);
  } else {
    forEach(rec.regions, (r) => forEachProject(r, add));
  }
  return out;
}

/** W2: the id of the account's project of that name in the region, if there is one. */
export function projectNamed(state: State, accountId: string, regionId: string, name: string): string | undefined {
  const r = regionProjects(state, accountId, regionId);
  if (r === undefined) return undefined;
  return r.defaultProject?.name === name ? r.defaultProject.id : get(r.otherNames, name);
}

/** The account's default project in a region, if its site offers the region (W1). */
export function defaultProjectOf(state: State, accountId: string, regionId: string): Project | undefined {
  return regionProjects(state, accountId, regionId)?.defaultProject;
}

/** W3: how many private images the account owns in the region: its default project's, and its other projects' count. */
export function imageCount(state: State, accountId: string, regionId: string): number {
  const r = regionProjects(state, accountId, regionId);
  if (r === undefined) return 0;
  const def = r.defaultProject === undefined ? undefined : get(state.tables.projects, r.defaultProject.id);
  return (def?.owned.size ?? 0) + r.otherImages;
}

/** The account that owns the image. */
export function imageAccountId(state: State, img: Image): string {
  return (project(state, img.ownerProjectId) as Project).accountId;
}

/** Every region, in catalogue order. */
export function regions(state: State): readonly Region[] {
  return state.catalogue.regions;
}
