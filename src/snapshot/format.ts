/**
 * The snapshot format (SPEC §8, F1): its tag, its zod schema and its type.
 *
 * @module
 */
import { z } from 'zod';
import { nonEmptyString } from '../internal/zod-checks.js';
import type { DataDisk, Image, Server } from '../entities.js';
import { frozenSchema } from '../internal/freeze.js';
import { IMAGE_KINDS, MEMBERSHIP_STATUSES, SERVER_FLAVORS } from '../rules/limits.js';
import { catalogueShape, configShape } from '../state/shapes.js';

/**
 * The format tag of a snapshot.
 *
 * @example
 * ```ts
 * toSnapshot(state).format === SNAPSHOT_FORMAT; // true
 * ```
 */
export const SNAPSHOT_FORMAT = 'ims-sharing/snapshot@2';

/** A fresh snapshot schema: every call makes new instances, so the exported one shares nothing with the one in use. */
const shape = () => {
  const id = nonEmptyString;
  const version = () => z.number().int().nonnegative();
  const image = () => z.object({
    id: id(), name: id(), kind: z.enum(IMAGE_KINDS), ownerProjectId: id(), encrypted: z.boolean(),
    derivedFrom: id().optional(), sourceServerId: id().optional(), createdAt: version(),
  }).strict();
  return z.object({
    format: z.literal(SNAPSHOT_FORMAT),
    version: version(),
    config: configShape(),
    catalogue: catalogueShape(),
    accounts: z.array(z.object({ id: id(), name: id(), site: id() }).strict()),
    iamUsers: z.array(z.object({ id: id(), accountId: id() }).strict()),
    projects: z.array(z.object({ id: id(), accountId: id(), regionId: id(), name: id(), isDefault: z.boolean() }).strict()),
    images: z.array(image()),
    deletedImages: z.array(image()),
    memberships: z.array(z.object({ imageId: id(), projectId: id(), status: z.enum(MEMBERSHIP_STATUSES), since: version() }).strict()),
    servers: z.array(z.object({
      id: id(), projectId: id(), az: id(), flavor: z.enum(SERVER_FLAVORS), imageId: id(), eip: id().optional(),
    }).strict()),
    disks: z.array(z.object({ id: id(), projectId: id(), az: id(), imageId: id().optional() }).strict()),
  }).strict();
};

/**
 * Snapshots that walk every part of the schema before it is frozen (zod finishes some of its
 * parts on their first parse): one of each entity with every optional field, and broken ones.
 */
function shapeSamples(): unknown[] {
  const image = { id: 'i', name: 'n', kind: 'system', ownerProjectId: 'p', encrypted: false, derivedFrom: 'j', sourceServerId: 's', createdAt: 1 };
  const full = {
    format: SNAPSHOT_FORMAT, version: 1,
    config: { privateImageQuota: 1, shareLimits: { system: 1 } },
    catalogue: { sites: [{ id: 's' }], regions: [{ id: 'r', name: 'R', sites: ['s'], azs: ['a'] }] },
    accounts: [{ id: 'a', name: 'A', site: 's' }], iamUsers: [{ id: 'u', accountId: 'a' }],
    projects: [{ id: 'p', accountId: 'a', regionId: 'r', name: 'p', isDefault: true }],
    images: [image], deletedImages: [image],
    memberships: [{ imageId: 'i', projectId: 'p', status: 'pending', since: 1 }],
    servers: [{ id: 's', projectId: 'p', az: 'a', flavor: 'ecs', imageId: 'i', eip: 'e' }],
    disks: [{ id: 'd', projectId: 'p', az: 'a', imageId: 'i' }],
  };
  const broken = Object.keys(full).map((key) => ({ ...full, [key]: [0] }));
  return [full, ...broken, { ...full, catalogue: { sites: [{ id: 's' }, { id: 's' }], regions: [{ id: 'r', name: 'R', sites: ['t'], azs: ['a', 'a'] }] } }];
}

/** Internal: The instance `fromSnapshot` uses; the exported one is a frozen twin, so no caller can change this one. */
export const snapshotShape = shape();

/**
 * The zod schema of a snapshot (its shape only; `fromSnapshot` also checks references and
 * invariants). Deeply frozen (F3): `fromSnapshot` uses a twin of its own.
 *
 * @example
 * ```ts
 * snapshotSchema.safeParse(JSON.parse(text)).success;
 * ```
 */
export const snapshotSchema: ReturnType<typeof shape> = frozenSchema(shape(), shapeSamples());

/**
 * A snapshot: plain JSON. Accounts, projects, memberships, servers and disks are listed in
 * creation order, images and deleted images by `createdAt` (their creation order), IAM users
 * by id: everything a state knows, so that `fromSnapshot(toSnapshot(s))` answers every query
 * and command exactly as `s` does (F1).
 *
 * @example
 * ```ts
 * const snapshot: Snapshot = toSnapshot(state);
 * ```
 */
export type Snapshot = z.infer<typeof snapshotShape>;

/**
 * Internal: an image as a plain object in the schema's key order, optional keys only when set
 * (what zod's output keeps once `undefined` is dropped): the one shape both `toSnapshot` and
 * `fromSnapshot` give images, so a state's snapshot reads the same however its images were made.
 */
export function imageObject(i: Image): Image {
  return imageOf(i.id, i.name, i.kind, i.ownerProjectId, i.encrypted, i.derivedFrom, i.sourceServerId, i.createdAt);
}

/**
 * Internal: {@link imageObject} from its fields, each of its four shapes written as one
 * literal. A spread followed by fields (`{ ...img, derivedFrom }`) takes V8's slow generic
 * path, and keys added after a literal change the object's shape once per key: on the bench's
 * 1,000-image world after its stream (11,439 images, live and deleted, most of them copies),
 * `fromSnapshot` took 85 ms with those and 56 ms with the literals (medians of 60, three
 * processes each, alternating, 2026-12-06).
 */
export function imageOf(
  id: string, name: string, kind: Image['kind'], ownerProjectId: string, encrypted: boolean,
  derivedFrom: string | undefined, sourceServerId: string | undefined, createdAt: number,
): Image {
  if (derivedFrom === undefined) {
    return sourceServerId === undefined
      ? { id, name, kind, ownerProjectId, encrypted, createdAt }
      : { id, name, kind, ownerProjectId, encrypted, sourceServerId, createdAt };
  }
  return sourceServerId === undefined
    ? { id, name, kind, ownerProjectId, encrypted, derivedFrom, createdAt }
    : { id, name, kind, ownerProjectId, encrypted, derivedFrom, sourceServerId, createdAt };
}

/** Internal: a server as a plain object in the schema's key order, `eip` only when set. */
export function serverObject(x: Server): Server {
  return serverOf(x.id, x.projectId, x.az, x.flavor, x.imageId, x.eip);
}

/** Internal: {@link serverObject} from its fields, each shape one literal (as {@link imageOf}). */
export function serverOf(id: string, projectId: string, az: string, flavor: Server['flavor'], imageId: string, eip: string | undefined): Server {
  return eip === undefined ? { id, projectId, az, flavor, imageId } : { id, projectId, az, flavor, imageId, eip };
}

/** Internal: a data disk as a plain object in the schema's key order, `imageId` only when set. */
export function diskObject(x: DataDisk): DataDisk {
  return diskOf(x.id, x.projectId, x.az, x.imageId);
}

/** Internal: {@link diskObject} from its fields, each shape one literal (as {@link imageOf}). */
export function diskOf(id: string, projectId: string, az: string, imageId: string | undefined): DataDisk {
  return imageId === undefined ? { id, projectId, az } : { id, projectId, az, imageId };
}
