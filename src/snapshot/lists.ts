/**
 * The fast reader of a snapshot's entity lists (F3, and the speed of `fromSnapshot` on a
 * million images): one hand-written check per kind of entity, each stricter than its zod
 * schema in `format.ts` and copying exactly the fields zod would keep, into fresh frozen
 * objects. It answers `undefined` whenever it is in any doubt (a missing or unknown key, a
 * wrong type, an object that is not plain, a getter that throws); `fromSnapshot` then parses
 * with zod, which names every issue. So the reader can only make loading faster, never accept
 * what the schema refuses: a fuzz test holds it to the same answers and the same output as zod.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Account, DataDisk, IamUser, Image, Membership, Project, Server } from '../entities.js';
import { IMAGE_KINDS, MEMBERSHIP_STATUSES, SERVER_FLAVORS } from '../rules/limits.js';
import { isId } from '../state/store.js';
import { diskOf, imageOf, serverOf } from './format.js';

/** The entity lists of a snapshot, read and frozen. */
export interface Lists {
  readonly accounts: readonly Account[];
  readonly iamUsers: readonly IamUser[];
  readonly projects: readonly Project[];
  readonly images: readonly Image[];
  readonly deletedImages: readonly Image[];
  readonly memberships: readonly Membership[];
  readonly servers: readonly Server[];
  readonly disks: readonly DataDisk[];
}

/** The keys of a snapshot that hold entity lists. */
export const LIST_KEYS = Object.freeze(['accounts', 'iamUsers', 'projects', 'images', 'deletedImages', 'memberships', 'servers', 'disks'] as const);

/** Every key of a snapshot: the reader also wants the snapshot itself plain, with no other key. */
const SNAPSHOT_KEYS: ReadonlySet<string> = new Set(['format', 'version', 'config', 'catalogue', ...LIST_KEYS]);

type Read<T> = (x: Record<string, unknown>) => T | undefined;

const KINDS: ReadonlySet<unknown> = new Set(IMAGE_KINDS);
const STATUSES: ReadonlySet<unknown> = new Set(MEMBERSHIP_STATUSES);
const FLAVORS: ReadonlySet<unknown> = new Set(SERVER_FLAVORS);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isOptId = (v: unknown): v is string | undefined => v === undefined || isId(v);

/** A plain object (as JSON makes) whose every enumerable key is one of `keys`. */
function plainWith(x: unknown, keys: ReadonlySet<string>): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in x) if (!keys.has(k)) return false;
  return true;
}

const ACCOUNT_KEYS: ReadonlySet<string> = new Set(['id', 'name', 'site']);
const readAccount: Read<Account> = (x) => {
  const { id, name, site } = x;
  return isId(id) && isId(name) && isId(site) ? Object.freeze({ id, name, site }) : undefined;
};

const USER_KEYS: ReadonlySet<string> = new Set(['id', 'accountId']);
const readUser: Read<IamUser> = (x) => {
  const { id, accountId } = x;
  return isId(id) && isId(accountId) ? Object.freeze({ id, accountId }) : undefined;
};

const PROJECT_KEYS: ReadonlySet<string> = new Set(['id', 'accountId', 'regionId', 'name', 'isDefault']);
const readProject: Read<Project> = (x) => {
  const { id, accountId, regionId, name, isDefault } = x;
  return isId(id) && isId(accountId) && isId(regionId) && isId(name) && typeof isDefault === 'boolean'
    ? Object.freeze({ id, accountId, regionId, name, isDefault })
    : undefined;
};

const IMAGE_KEYS: ReadonlySet<string> = new Set(['id', 'name', 'kind', 'ownerProjectId', 'encrypted', 'derivedFrom', 'sourceServerId', 'createdAt']);
const readImage: Read<Image> = (x) => {
  const { id, name, kind, ownerProjectId, encrypted, derivedFrom, sourceServerId, createdAt } = x;
  if (!isId(id) || !isId(name) || !KINDS.has(kind) || !isId(ownerProjectId) || typeof encrypted !== 'boolean') return undefined;
  if (!isOptId(derivedFrom) || !isOptId(sourceServerId) || !isCount(createdAt)) return undefined;
  return Object.freeze(imageOf(id, name, kind as Image['kind'], ownerProjectId, encrypted, derivedFrom, sourceServerId, createdAt));
};

const MEMBERSHIP_KEYS: ReadonlySet<string> = new Set(['imageId', 'projectId', 'status', 'since']);
const readMembership: Read<Membership> = (x) => {
  const { imageId, projectId, status, since } = x;
  return isId(imageId) && isId(projectId) && STATUSES.has(status) && isCount(since)
    ? Object.freeze({ imageId, projectId, status: status as Membership['status'], since })
    : undefined;
};

const SERVER_KEYS: ReadonlySet<string> = new Set(['id', 'projectId', 'az', 'flavor', 'imageId', 'eip']);
const readServer: Read<Server> = (x) => {
  const { id, projectId, az, flavor, imageId, eip } = x;
  if (!isId(id) || !isId(projectId) || !isId(az) || !FLAVORS.has(flavor) || !isId(imageId) || !isOptId(eip)) return undefined;
  return Object.freeze(serverOf(id, projectId, az, flavor as Server['flavor'], imageId, eip));
};

const DISK_KEYS: ReadonlySet<string> = new Set(['id', 'projectId', 'az', 'imageId']);
const readDisk: Read<DataDisk> = (x) => {
  const { id, projectId, az, imageId } = x;
  if (!isId(id) || !isId(projectId) || !isId(az) || !isOptId(imageId)) return undefined;
  return Object.freeze(diskOf(id, projectId, az, imageId));
};

/** One entry's copy: a plain object with only `keys` that `read` takes, else `undefined`. */
function readEntry<T>(x: unknown, keys: ReadonlySet<string>, read: Read<T>): T | undefined {
  return plainWith(x, keys) ? read(x) : undefined;
}

function readList<T>(list: unknown, keys: ReadonlySet<string>, read: Read<T>): T[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const n = list.length;
  // Grown as read, not sized from `length`: a sparse list's length costs its maker nothing.
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const item = readEntry(list[i], keys, read);
    if (item === undefined) return undefined;
    out.push(item);
  }
  return out;
}

/** Each list's reader: the keys an entry may have, and its check and copy. */
const READERS: { readonly [K in keyof Lists]: readonly [ReadonlySet<string>, Read<Lists[K][number]>] } = {
  accounts: [ACCOUNT_KEYS, readAccount],
  iamUsers: [USER_KEYS, readUser],
  projects: [PROJECT_KEYS, readProject],
  images: [IMAGE_KEYS, readImage],
  deletedImages: [IMAGE_KEYS, readImage],
  memberships: [MEMBERSHIP_KEYS, readMembership],
  servers: [SERVER_KEYS, readServer],
  disks: [DISK_KEYS, readDisk],
};

/** Whether the reader takes `entry` as an entry of list `key` (else zod decides about it). Never throws. */
export function readsEntry(key: keyof Lists, entry: unknown): boolean {
  const [keys, read] = READERS[key];
  try {
    return readEntry<unknown>(entry, keys, read) !== undefined;
  } catch {
    return false;
  }
}

/**
 * The entity lists of `snapshot`, each entity copied into a fresh frozen object with exactly
 * the fields zod keeps; `undefined` when anything is in doubt (then zod decides and explains).
 * Never throws.
 */
export function readLists(snapshot: Record<string, unknown>): Lists | undefined {
  try {
    if (!plainWith(snapshot, SNAPSHOT_KEYS)) return undefined;
    const out: Partial<Record<keyof Lists, unknown[]>> = {};
    for (const key of LIST_KEYS) {
      const [keys, read] = READERS[key];
      const list = readList<unknown>(snapshot[key], keys, read);
      if (list === undefined) return undefined;
      out[key] = list;
    }
    return out as unknown as Lists;
  } catch {
    return undefined;
  }
}
