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

/**
 * A chain of ids, shared as it grows: each link holds its id, the chain before it and its
 * length. A lineage `n` images deep costs `n` links, where arrays copied at every step would
 * cost `n²` ids.
 */
interface Chain {
  readonly id: string;
  readonly prev: Chain | undefined;
  readonly length: number;
}

const link = (prev: Chain | undefined, id: string): Chain => ({ id, prev, length: (prev?.length ?? 0) + 1 });

/**
 * Chains compared by length (fewest ids), then id by id from the start (F6: a deterministic
 * tie-break). Two chains of one length are walked back together only until they share their
 * links: the first difference from the start is the last one met.
 */
function compareChains(a: Chain, b: Chain): number {
  if (a.length !== b.length) return a.length - b.length;
  let order = 0;
  for (let x: Chain | undefined = a, y: Chain | undefined = b; x !== y && x !== undefined && y !== undefined; x = x.prev, y = y.prev) {
    if (x.id !== y.id) order = x.id < y.id ? -1 : 1;
  }
  return order;
}

/** The ids of a chain, from its start. */
function ids(chain: Chain): readonly string[] {
  const out = new Array<string>(chain.length);
  for (let x: Chain | undefined = chain, i = chain.length - 1; x !== undefined; x = x.prev, i--) out[i] = x.id;
  return Object.freeze(out);
}

/** An entry while exposure runs: its path is a chain. */
type Route = Omit<ExposureEntry, 'path'> & { readonly chain: Chain };

const VIA_ORDER: Readonly<Record<ExposureVia, number>> = { owner: 0, member: 1, server: 2, disk: 3 };

/** Whether route `a` beats route `b` for one account: current access first, then the shorter path (F6). */
function better(a: Route, b: Route): boolean {
  if (a.access !== b.access) return a.access === 'current';
  const byPath = compareChains(a.chain, b.chain);
  return byPath !== 0 ? byPath < 0 : VIA_ORDER[a.via] < VIA_ORDER[b.via];
}

/** A binary min-heap of chains to images, by {@link compareChains}. */
class ChainHeap {
  private readonly items: Chain[] = [];

  get size(): number {
    return this.items.length;
  }

  push(chain: Chain): void {
    const a = this.items;
    a.push(chain);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (compareChains(a[parent] as Chain, chain) <= 0) break;
      [a[i], a[parent]] = [a[parent] as Chain, a[i] as Chain];
      i = parent;
    }
  }

  pop(): Chain {
    const a = this.items;
    const top = a[0] as Chain;
    const last = a.pop() as Chain;
    if (a.length === 0) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && compareChains(a[l] as Chain, a[m] as Chain) < 0) m = l;
      if (r < a.length && compareChains(a[r] as Chain, a[m] as Chain) < 0) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m] as Chain, a[i] as Chain];
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
  const best = new Map<string, Route>();
  const offer = (e: Route): void => {
    const prev = best.get(e.accountId);
    if (prev === undefined || better(e, prev)) best.set(e.accountId, e);
  };
  const holder = (projectId: string): string => (store.project(state, projectId) as Project).accountId;
  // Dijkstra over the lineage: every image is reached first by its shortest chain.
  const heap = new ChainHeap();
  const done = new Set<string>();
  heap.push(link(undefined, imageId));
  while (heap.size > 0) {
    const chain = heap.pop();
    const id = chain.id;
    if (done.has(id)) continue;
    done.add(id);
    const rec: ImageRecord | undefined = store.imageRecord(state, id);
    if (rec !== undefined) {
      offer({ accountId: store.imageAccountId(state, rec.image), access: 'current', via: 'owner', imageId: id, chain });
      forEach(rec.members, (m) => {
        offer({ accountId: holder(m.projectId), access: m.status === 'accepted' ? 'current' : 'potential', via: 'member', imageId: id, chain });
      });
    }
    // Every image ever made has a lineage (in its record, or retired), and servers and disks are never removed.
    const lin = rec?.lineage ?? (store.lineage(state, id) as Lineage);
    forEach(lin.servers, (_, serverId) => {
      const accountId = holder((store.server(state, serverId) as Server).projectId);
      offer({ accountId, access: 'current', via: 'server', imageId: id, chain: link(chain, serverId) });
    });
    forEach(lin.disks, (_, diskId) => {
      const accountId = holder((store.disk(state, diskId) as DataDisk).projectId);
      offer({ accountId, access: 'current', via: 'disk', imageId: id, chain: link(chain, diskId) });
    });
    forEach(lin.derived, (_, childId) => {
      if (done.has(childId)) return;
      const via = (store.anyImage(state, childId) as Image).sourceServerId;
      heap.push(link(via === undefined ? chain : link(chain, via), childId));
    });
  }
  const routes = [...best.values()].sort((a, b) =>
    compareChains(a.chain, b.chain) || VIA_ORDER[a.via] - VIA_ORDER[b.via] || (a.accountId < b.accountId ? -1 : 1));
  return Object.freeze(routes.map(({ chain, ...e }): ExposureEntry => Object.freeze({ ...e, path: ids(chain) })));
}
