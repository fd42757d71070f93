/**
 * Listings (SPEC §10): what exists, in creation order, as the simulator sees it (no principal).
 * A listing that names an account, a project or an image reads that entity's own indexes, so
 * it costs in proportion to its result; one that names none walks the table. Every answer is
 * deep-frozen; a filter that is not a non-empty string, or anything that is not a state,
 * gives `[]` (F3).
 *
 * @module
 */
import type { Account, DataDisk, Image, Membership, Project, Server } from '../entities.js';
import { type PMap, forEach, get } from '../internal/pmap.js';
import { imagesInOrder, membersInOrder, recordsInOrder, sortBy } from '../state/order.js';
import * as store from '../state/store.js';
import { type State, isId, isState } from '../state/store.js';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '../vocabulary.js';

const NONE: readonly never[] = Object.freeze([]);

/** Reads the named filters of an options value once, or `undefined` when one is malformed (F3). */
function filters<K extends string>(options: unknown, names: readonly K[]): Partial<Record<K, string>> | undefined {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) return undefined;
  const out: Partial<Record<K, string>> = {};
  try {
    for (const name of names) {
      const v: unknown = (options as Record<string, unknown>)[name];
      if (v === undefined) continue;
      if (!isId(v)) return undefined;
      out[name] = v;
    }
  } catch {
    return undefined;
  }
  return out;
}

function frozen<T>(items: T[]): readonly T[] {
  return items.length === 0 ? NONE : Object.freeze(items);
}

/**
 * Every account, in creation order.
 *
 * @example
 * ```ts
 * for (const a of listAccounts(state)) console.log(a.id, a.name, a.site);
 * ```
 */
export function listAccounts(state: State): readonly Account[] {
  if (!isState(state)) return NONE;
  return frozen(recordsInOrder(state.tables.accounts).map((r) => r.account));
}

/**
 * Options of {@link listProjects}.
 *
 * @example
 * ```ts
 * const options: ListProjectsOptions = { accountId: 'bob', regionId: 'cn-north-4' };
 * ```
 */
export interface ListProjectsOptions {
  /** Only this account's projects (cost: that account's projects). */
  readonly accountId?: string;
  /** Only projects in this region. */
  readonly regionId?: string;
}

/**
 * Projects, in creation order, optionally of one account and one region.
 *
 * @example
 * ```ts
 * listProjects(state, { accountId: 'bob' }).map((p) => p.id); // ['bob:cn-north-4', ...]
 * ```
 */
export function listProjects(state: State, options?: ListProjectsOptions): readonly Project[] {
  const f = filters(options, ['accountId', 'regionId'] as const);
  if (!isState(state) || f === undefined) return NONE;
  let records: store.ProjectRecord[];
  if (f.accountId !== undefined) {
    records = store.accountProjects(state, f.accountId, f.regionId).map((p) => store.projectRecord(state, p.id) as store.ProjectRecord);
    sortBy(records, (r) => r.seq);
  } else {
    records = recordsInOrder(state.tables.projects).filter((r) => f.regionId === undefined || r.project.regionId === f.regionId);
  }
  return frozen(records.map((r) => r.project));
}

/**
 * Options of {@link listImages}.
 *
 * @example
 * ```ts
 * const options: ListImagesOptions = { projectId: 'bob:cn-north-4' };
 * ```
 */
export interface ListImagesOptions {
  /** Only images this account owns (cost: its images). */
  readonly accountId?: string;
  /** Only images this project owns (cost: its images). */
  readonly projectId?: string;
  /** Only images in this region. */
  readonly regionId?: string;
}

/** The projects a filter names (by project, or by account and region), or `undefined` for all. */
function scopedProjects(state: State, f: { accountId?: string; projectId?: string; regionId?: string }): store.ProjectRecord[] | undefined {
  if (f.projectId !== undefined) {
    const rec = store.projectRecord(state, f.projectId);
    const p = rec?.project;
    const fits = p !== undefined && (f.accountId === undefined || p.accountId === f.accountId) && (f.regionId === undefined || p.regionId === f.regionId);
    return fits ? [rec as store.ProjectRecord] : [];
  }
  if (f.accountId !== undefined) {
    return store.accountProjects(state, f.accountId, f.regionId).map((p) => store.projectRecord(state, p.id) as store.ProjectRecord);
  }
  return undefined;
}

/**
 * Live images (deleted ones are gone), in creation order, optionally of one account, project
 * or region.
 *
 * @example
 * ```ts
 * listImages(state, { accountId: 'alice', regionId: 'cn-north-4' }).length;
 * ```
 */
export function listImages(state: State, options?: ListImagesOptions): readonly Image[] {
  const f = filters(options, ['accountId', 'projectId', 'regionId'] as const);
  if (!isState(state) || f === undefined) return NONE;
  const scope = scopedProjects(state, f);
  const out: Image[] = [];
  if (scope === undefined) {
    forEach(state.tables.images, (rec) => {
      if (f.regionId === undefined || store.project(state, rec.image.ownerProjectId)?.regionId === f.regionId) out.push(rec.image);
    });
  } else {
    for (const rec of scope) forEach(rec.owned, (_, id) => out.push(store.image(state, id) as Image));
  }
  return frozen(imagesInOrder(out));
}

/**
 * Options of {@link listServers} and {@link listDisks}.
 *
 * @example
 * ```ts
 * const options: ListPlacedOptions = { accountId: 'bob' };
 * ```
 */
export interface ListPlacedOptions {
  /** Only this account's servers or disks (cost: its projects' servers or disks). */
  readonly accountId?: string;
  /** Only this project's servers or disks (cost: its servers or disks). */
  readonly projectId?: string;
}

function listPlaced<R extends { readonly seq: number }, T>(
  state: State, options: unknown, field: 'servers' | 'disks', table: (s: State) => PMap<R>, entity: (r: R) => T,
): readonly T[] {
  const f = filters(options, ['accountId', 'projectId'] as const);
  if (!isState(state) || f === undefined) return NONE;
  const scope = scopedProjects(state, f);
  if (scope === undefined) return frozen(recordsInOrder(table(state)).map(entity));
  const records: R[] = [];
  for (const rec of scope) forEach(rec[field], (_, id) => records.push(get(table(state), id) as R));
  return frozen(sortBy(records, (r) => r.seq).map(entity));
}

/**
 * Servers, in creation order, optionally of one account or project.
 *
 * @example
 * ```ts
 * listServers(state, { projectId: 'bob:cn-north-4' }).map((s) => s.imageId);
 * ```
 */
export function listServers(state: State, options?: ListPlacedOptions): readonly Server[] {
  return listPlaced(state, options, 'servers', (s) => s.tables.servers, (r) => r.server);
}

/**
 * Data disks, in creation order, optionally of one account or project.
 *
 * @example
 * ```ts
 * listDisks(state, { accountId: 'alice' }).length;
 * ```
 */
export function listDisks(state: State, options?: ListPlacedOptions): readonly DataDisk[] {
  return listPlaced(state, options, 'disks', (s) => s.tables.disks, (r) => r.disk);
}

/**
 * Options of {@link listMemberships}.
 *
 * @example
 * ```ts
 * const options: ListMembershipsOptions = { imageId: 'img-1', status: 'pending' };
 * ```
 */
export interface ListMembershipsOptions {
  /** Only this image's memberships (cost: its members). */
  readonly imageId?: string;
  /** Only this project's memberships (cost: the memberships it holds). */
  readonly projectId?: string;
  /** Only memberships in this status. */
  readonly status?: MembershipStatus;
}

/**
 * Memberships, in creation order, optionally of one image, one project, one status.
 *
 * @example
 * ```ts
 * listMemberships(state, { projectId: 'bob:cn-north-4', status: 'pending' }).length; // the red dot
 * ```
 */
export function listMemberships(state: State, options?: ListMembershipsOptions): readonly Membership[] {
  const f = filters(options, ['imageId', 'projectId', 'status'] as const);
  if (!isState(state) || f === undefined) return NONE;
  if (f.status !== undefined && !(MEMBERSHIP_STATUSES as readonly string[]).includes(f.status)) return NONE;
  const fits = (m: Membership): boolean =>
    (f.projectId === undefined || m.projectId === f.projectId) && (f.status === undefined || m.status === f.status);
  if (f.imageId !== undefined) {
    const rec = store.imageRecord(state, f.imageId);
    return rec === undefined ? NONE : frozen(membersInOrder(rec).filter(fits));
  }
  const keyed: { m: Membership; seq: number }[] = [];
  const add = (m: Membership): void => {
    const rec = store.imageRecord(state, m.imageId) as store.ImageRecord;
    keyed.push({ m, seq: get(rec.memberSeq, m.projectId) as number });
  };
  if (f.projectId !== undefined) {
    const rec = store.projectRecord(state, f.projectId);
    if (rec === undefined) return NONE;
    for (const s of MEMBERSHIP_STATUSES) if (f.status === undefined || f.status === s) forEach(rec.received[s], add);
  } else {
    forEach(state.tables.images, (rec) => forEach(rec.members, (m) => {
      if (fits(m)) add(m);
    }));
  }
  return frozen(sortBy(keyed, (x) => x.seq).map((x) => x.m));
}
