/**
 * X1: exposure, the answer to the FAQ's "What are the risks of sharing images with other
 * tenants?": every account that holds or can obtain an image's data, with the chain that leads
 * to it. No cloud console offers this.
 *
 * @module
 */
import type { DataDisk, Image, Project, Server } from '../entities.js';
import { forEach } from '../internal/pmap.js';
import * as store from '../state/store.js';
import { type ImageRecord, type Lineage, type State, isId, isState } from '../state/store.js';

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

/** Paths compared by length (fewest ids), then id by id (F6: a deterministic tie-break). */
function comparePaths(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const VIA_ORDER: Readonly<Record<ExposureVia, number>> = { owner: 0, member: 1, server: 2, disk: 3 };

/** Whether route `a` beats route `b` for one account: current access first, then the shorter path (F6). */
function better(a: ExposureEntry, b: ExposureEntry): boolean {
  if (a.access !== b.access) return a.access === 'current';
  const byPath = comparePaths(a.path, b.path);
  return byPath !== 0 ? byPath < 0 : VIA_ORDER[a.via] < VIA_ORDER[b.via];
}

/** A binary min-heap of paths to images, by {@link comparePaths}. */
class PathHeap {
  private readonly items: { id: string; path: readonly string[] }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(id: string, path: readonly string[]): void {
    const a = this.items;
    a.push({ id, path });
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (comparePaths((a[parent] as { path: readonly string[] }).path, path) <= 0) break;
      [a[i], a[parent]] = [a[parent] as { id: string; path: readonly string[] }, a[i] as { id: string; path: readonly string[] }];
      i = parent;
    }
  }

  pop(): { id: string; path: readonly string[] } {
    const a = this.items;
    const top = a[0] as { id: string; path: readonly string[] };
    const last = a.pop() as { id: string; path: readonly string[] };
    if (a.length === 0) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && comparePaths((a[l] as typeof last).path, (a[m] as typeof last).path) < 0) m = l;
      if (r < a.length && comparePaths((a[r] as typeof last).path, (a[m] as typeof last).path) < 0) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m] as typeof last, a[i] as typeof last];
      i = m;
    }
    return top;
  }
}

const NONE: readonly ExposureEntry[] = Object.freeze([]);

/**
 * X1: every account exposed to the image's data now: its owner, its accepted members
 * (`current`), its pending and rejected members (`potential`: they can accept at any time), and
 * transitively everyone exposed to an image derived from it (copies, and images made from
 * servers created from it), through deleted links too. Each entry carries a shortest chain
 * (fewest ids) from the queried image to the point of access, ties broken id by id (F6); an
 * account with both kinds of access is `current`, with the shortest chain that gives it.
 * Entries are ordered by their chains (the owner of the queried image first). An id that never named an image, or anything that is
 * not a state, gives `[]`.
 *
 * @example
 * ```ts
 * for (const e of exposure(state, 'img-1')) console.log(e.accountId, e.access, e.path.join(' -> '));
 * ```
 */
export function exposure(state: State, imageId: string): readonly ExposureEntry[] {
  if (!isState(state) || !isId(imageId) || store.lineage(state, imageId) === undefined) return NONE;
  const best = new Map<string, ExposureEntry>();
  const offer = (e: ExposureEntry): void => {
    const prev = best.get(e.accountId);
    if (prev === undefined || better(e, prev)) best.set(e.accountId, e);
  };
  const holder = (projectId: string): string => (store.project(state, projectId) as Project).accountId;
  // Dijkstra over the lineage: every image is reached first by its shortest chain.
  const heap = new PathHeap();
  const done = new Set<string>();
  heap.push(imageId, [imageId]);
  while (heap.size > 0) {
    const { id, path } = heap.pop();
    if (done.has(id)) continue;
    done.add(id);
    const rec: ImageRecord | undefined = store.imageRecord(state, id);
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
      if (done.has(childId)) return;
      const via = (store.anyImage(state, childId) as Image).sourceServerId;
      heap.push(childId, via === undefined ? [...path, childId] : [...path, via, childId]);
    });
  }
  const entries = [...best.values()].sort((a, b) =>
    comparePaths(a.path, b.path) || VIA_ORDER[a.via] - VIA_ORDER[b.via] || (a.accountId < b.accountId ? -1 : 1));
  return Object.freeze(entries.map((e) => Object.freeze({ ...e, path: Object.freeze(e.path) })));
}
