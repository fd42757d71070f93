/**
 * `toSnapshot` (SPEC §8, F1): a state as plain JSON, in creation order.
 *
 * @module
 */
import type { Account, IamUser, Image, Membership, Project } from '../entities.js';
import { forEach, get } from '../internal/pmap.js';
import { imagesInOrder, recordsInOrder, sortBy } from '../state/order.js';
import { type State, isState } from '../state/store.js';
import { SNAPSHOT_FORMAT, type Snapshot, diskObject, imageObject, serverObject } from './format.js';

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/*
 * Fresh plain copies, one function per kind of entity: every field by name, in the schema's
 * order, optional ones only when set (faster than a spread, and the same text for the same
 * state however its entities were made). The kinds with optional fields share their copy with
 * the reader of `fromSnapshot` (`format.ts`).
 */
const account = (a: Account): Account => ({ id: a.id, name: a.name, site: a.site });
const project = (p: Project): Project => ({ id: p.id, accountId: p.accountId, regionId: p.regionId, name: p.name, isDefault: p.isDefault });
const membership = (m: Membership): Membership => ({ imageId: m.imageId, projectId: m.projectId, status: m.status, since: m.since });

/**
 * The state as plain JSON (SPEC §8, F1): equal states give equal snapshots, and the snapshot
 * reloads into a state that answers everything as this one does. Given anything that is not a
 * state it returns `undefined` (F3).
 *
 * @example
 * ```ts
 * const text = JSON.stringify(toSnapshot(state));
 * ```
 */
export function toSnapshot(state: State): Snapshot;
export function toSnapshot(state: unknown): Snapshot | undefined;
export function toSnapshot(state: unknown): Snapshot | undefined {
  if (!isState(state)) return undefined;
  const t = state.tables;
  const images: Image[] = [];
  const memberships: { m: Membership; seq: number }[] = [];
  forEach(t.images, (rec) => {
    images.push(rec.image);
    if (rec.members.size === 0) return;
    forEach(rec.members, (m, projectId) => memberships.push({ m, seq: get(rec.memberSeq, projectId) as number }));
  });
  const deletedImages: Image[] = [];
  forEach(t.retired, (r) => deletedImages.push(r.image));
  const iamUsers: IamUser[] = [];
  forEach(t.principals, (p) => {
    if (p.kind === 'iamUser') iamUsers.push({ id: p.id, accountId: p.accountId });
  });
  return {
    format: SNAPSHOT_FORMAT,
    version: state.version,
    config: { privateImageQuota: state.config.privateImageQuota, shareLimits: { ...state.config.shareLimits } },
    catalogue: structuredClone(state.catalogue) as Snapshot['catalogue'],
    accounts: recordsInOrder(t.accounts).map((r) => account(r.account)),
    iamUsers: iamUsers.sort(byId),
    projects: recordsInOrder(t.projects).map((r) => project(r.project)),
    images: imagesInOrder(images).map(imageObject),
    deletedImages: imagesInOrder(deletedImages).map(imageObject),
    memberships: sortBy(memberships, (x) => x.seq).map((x) => membership(x.m)),
    servers: recordsInOrder(t.servers).map((r) => serverObject(r.server)),
    disks: recordsInOrder(t.disks).map((r) => diskObject(r.disk)),
  } as Snapshot;
}
