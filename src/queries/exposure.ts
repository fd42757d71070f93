/**
 * X1: exposure, the answer to the FAQ's "What are the risks of sharing images with other
 * tenants?": every account that holds or can obtain an image's data, with the chain that leads
 * to it. No cloud console offers this.
 *
 * @module
 */
import type { DataDisk, Project, Server } from '../entities.js';
import { forEach } from '../internal/pmap.js';
import * as store from '../state/store.js';
import type { ImageRecord, Lineage, State } from '../state/store.js';

/**
 * How an account reaches the data: it owns an image of the lineage, is a member of one, or runs a server or holds a disk made from one.
 *
 * @example
 * ```ts
 * const via: ExposureVia = 'server';
 * ```
 */
export type ExposureVia = 'owner' | 'member' | 'server' | 'disk';

/**
 * One account's exposure to an image's data.
 *
 * @example
 * ```ts
 * const entries: readonly ExposureEntry[] = exposure(state, 'img-1');
 * ```
 */
export interface ExposureEntry {
  readonly accountId: string;
  /** `current` when the account holds the data or can use it now; `potential` when it need only accept (a pending or rejected membership). */
  readonly access: 'current' | 'potential';
  readonly via: ExposureVia;
  /** The image of the lineage through which the account is exposed. */
  readonly imageId: string;
  /** The chain of image and server (or disk) ids from the queried image to the point of access. */
  readonly path: readonly string[];
}

interface Visit {
  readonly imageId: string;
  readonly path: readonly string[];
  /** The image's record, or `undefined` for a deleted image (looked up once, when queued). */
  readonly rec: ImageRecord | undefined;
}

/**
 * X1: who can obtain the image's data now: the owner; accepted members (current) and pending
 * or rejected members (potential: they can accept at any time, M2); accounts running a server
 * or holding a disk made from it; and, transitively, everyone exposed to an image derived from
 * it (replicas, images made from servers), through deleted links too. One entry per account:
 * current access wins over potential, then the shortest chain. The queried image's owner comes
 * first. Cost is proportional to the lineage walked. An image id never seen gives `[]`.
 *
 * @example
 * ```ts
 * for (const e of exposure(state, 'img-1')) console.log(e.accountId, e.access, e.path.join(' -> '));
 * ```
 */
export function exposure(state: State, imageId: string): readonly ExposureEntry[] {
  if (store.lineage(state, imageId) === undefined) return Object.freeze([]);
  const best = new Map<string, ExposureEntry>();
  const offer = (e: ExposureEntry): void => {
    const prev = best.get(e.accountId);
    if (prev === undefined || (prev.access === 'potential' && e.access === 'current')) best.set(e.accountId, Object.freeze({ ...e, path: Object.freeze(e.path) }));
  };
  const holder = (projectId: string): string => (store.project(state, projectId) as Project).accountId;
  const queue: Visit[] = [{ imageId, path: [imageId], rec: store.imageRecord(state, imageId) }];
  const seen = new Set<string>([imageId]);
  for (let i = 0; i < queue.length; i++) {
    const { imageId: id, path, rec } = queue[i] as Visit;
    if (rec !== undefined) {
      offer({ accountId: store.imageAccountId(state, rec.image), access: 'current', via: 'owner', imageId: id, path });
      forEach(rec.members, (m) => {
        offer({ accountId: holder(m.projectId), access: m.status === 'accepted' ? 'current' : 'potential', via: 'member', imageId: id, path });
      });
    }
    // Every image ever made has a lineage (in its record, or retired), and servers and disks are never removed.
    const lin = rec?.lineage ?? (store.lineage(state, id) as Lineage);
    forEach(lin.servers, (_, serverId) => {
      const accountId = holder((store.server(state, serverId) as Server).projectId);
      offer({ accountId, access: 'current', via: 'server', imageId: id, path: [...path, serverId] });
    });
    forEach(lin.disks, (_, diskId) => {
      const accountId = holder((store.disk(state, diskId) as DataDisk).projectId);
      offer({ accountId, access: 'current', via: 'disk', imageId: id, path: [...path, diskId] });
    });
    forEach(lin.derived, (_, childId) => {
      if (seen.has(childId)) return;
      seen.add(childId);
      const child = store.imageRecord(state, childId);
      const via = child?.image.sourceServerId;
      queue.push({ imageId: childId, path: via === undefined ? [...path, childId] : [...path, via, childId], rec: child });
    });
  }
  return Object.freeze([...best.values()]);
}
