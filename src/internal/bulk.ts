/**
 * The bulk loader of the tries (`fromArrays`, `fromEntries`, and `fromSnapshot` through them):
 * CHAMP's canonical form, the very trie repeated `set` builds, made in a few passes over
 * integer arrays. Internal: not part of the public API.
 * @module
 */
import { BITS, MASK, MAX_SHIFT, type Node, freeze } from './node.js';

/** The levels of a trie that read hash bits. */
const LEVELS = Math.floor(MAX_SHIFT / BITS) + 1;
/** Up to this many entries, a node whose entries have slots of their own is made directly. */
const SMALL = 8;
/** Shared work arrays of the bulk loader (it runs no callbacks, so it is never re-entered). */
const buf = {
  hashes: new Int32Array(64), index: new Int32Array(64), scratchHashes: new Int32Array(64), scratch: new Int32Array(64),
  /** Per trie level: where each slot's entries start, and the next free place in each slot. */
  starts: Array.from({ length: LEVELS }, () => new Int32Array(MASK + 2)),
  at: Array.from({ length: LEVELS }, () => new Int32Array(MASK + 1)),
};

/**
 * An exact-size copy of a node built by `push`. An array that grew by `push` keeps the spare
 * slots of its last growth for good (V8 grows a store by half and 16 slots more, and neither
 * freezing nor the collector gives them back): measured, a node of two entries built that way
 * took 248 bytes, an exact one 96.
 */
const fitted = (node: unknown[]): unknown[] => node.slice();

function ensure(n: number): void {
  if (buf.index.length >= n) return;
  let size = buf.index.length;
  while (size < n) size *= 2;
  buf.hashes = new Int32Array(size);
  buf.index = new Int32Array(size);
  buf.scratchHashes = new Int32Array(size);
  buf.scratch = new Int32Array(size);
}

/** Up to this many entries, `rootOnly` tries to make the map's one node directly. */
export const ROOT_ONLY = 8;

/** The bulk loader of one hash function (see {@link makeBulkLoad}). */
export interface BulkLoad {
  /** The root and size of the map of `keys[i] -> values[i]` for `i < n`. */
  build(keys: readonly string[], values: readonly unknown[], n: number, hashes?: Int32Array): { root: Node; size: number };
  /**
   * The root of that map when it is one node (`n <= ROOT_ONLY` entries, each key in a slot of
   * its own), made with no work arrays: most sets of a loaded world are that small (a
   * project's images, an image's members). `undefined` when two keys share a slot.
   */
  rootOnly(keys: readonly string[], values: readonly unknown[], n: number): Node | undefined;
}

/** A bulk loader for a hash function. */
export function makeBulkLoad(hash: (key: string) => number): BulkLoad {
  /** `rootOnly`'s work array: the place of the entry that holds each slot. */
  const holder = new Int32Array(MASK + 1);

  function rootOnly(keys: readonly string[], values: readonly unknown[], n: number): Node | undefined {
    let slots = 0;
    for (let i = 0; i < n; i++) {
      const key = keys[i] as string;
      const slot = hash(key) & MASK;
      const bit = 1 << slot;
      // A slot taken again: a repeated key (its last value wins, as repeated `set` makes it) or another key.
      if ((slots & bit) !== 0 && keys[holder[slot] as number] !== key) return undefined;
      slots |= bit;
      holder[slot] = i;
    }
    const node: unknown[] = [slots, 0];
    for (let rest = slots; rest !== 0; rest &= rest - 1) {
      const at = holder[31 - Math.clz32(rest & -rest)] as number;
      node.push(keys[at], values[at]);
    }
    return freeze(fitted(node));
  }

  /**
   * Bulk load (CHAMP's canonical form, as repeated `set` would make it): the entries' indices
   * are bucketed by five hash bits per level with a counting sort over shared typed arrays, so
   * a million entries cost a few passes over integer arrays and one array per node: no
   * per-entry objects and no `Map`. Within a bucket indices stay in input order, so among equal
   * keys the last one wins. `hashes`, when given, holds `hash(keys[i])` already (a caller that
   * needed them first), so the keys are not read again.
   */
  function build(keys: readonly string[], values: readonly unknown[], n: number, hashes?: Int32Array): { root: Node; size: number } {
    ensure(n);
    const H = buf.hashes;
    const idx = buf.index;
    if (hashes === undefined) for (let i = 0; i < n; i++) H[i] = hash(keys[i] as string);
    else H.set(hashes.subarray(0, n));
    for (let i = 0; i < n; i++) idx[i] = i;
    const count = { n: 0 };
    const root = buildNode(keys, values, 0, n, 0, count);
    return { root, size: count.n };
  }

  /**
   * The node of a few entries that each have a slot of their own at `shift` (most small maps,
   * and most nodes near the leaves of a large one, which hold two or three): made directly,
   * without the counting sort; `undefined` when two share a slot.
   */
  function smallNode(keys: readonly string[], values: readonly unknown[], lo: number, hi: number, shift: number): Node | undefined {
    const H = buf.hashes;
    const idx = buf.index;
    let slots = 0;
    for (let i = lo; i < hi; i++) {
      const bit = 1 << (((H[i] as number) >>> shift) & MASK);
      if ((slots & bit) !== 0) return undefined;
      slots |= bit;
    }
    const node: unknown[] = [slots, 0];
    for (let rest = slots; rest !== 0; rest &= rest - 1) {
      const bit = rest & -rest;
      for (let i = lo; i < hi; i++) {
        if (1 << (((H[i] as number) >>> shift) & MASK) === bit) {
          node.push(keys[idx[i] as number], values[idx[i] as number]);
          break;
        }
      }
    }
    return freeze(fitted(node));
  }

  /** Whether the entries at `lo..hi` all have one hash (only collisions or repeated keys do). */
  function oneHash(lo: number, hi: number): boolean {
    const H = buf.hashes;
    const h0 = H[lo];
    for (let i = lo + 1; i < hi; i++) if (H[i] !== h0) return false;
    return true;
  }

  /**
   * Keeps one entry per key at `lo..hi` (all of one hash): the key's first place, its last
   * value, as repeated `set` would. Returns the new end.
   */
  function dedupe(keys: readonly string[], lo: number, hi: number): number {
    const idx = buf.index;
    const last = new Map<string, number>();
    for (let i = lo; i < hi; i++) last.set(keys[idx[i] as number] as string, idx[i] as number);
    let j = lo;
    for (const i of last.values()) idx[j++] = i;
    return j;
  }

  /**
   * The node of the entries at positions `lo..hi` of the work arrays (hash and input index
   * side by side, so the sort reads them in order): a counting sort on the five bits at
   * `shift` groups them by slot, then each slot is an entry or a sub-node.
   */
  function buildNode(keys: readonly string[], values: readonly unknown[], lo: number, hi: number, shift: number, count: { n: number }): Node {
    const H = buf.hashes;
    const idx = buf.index;
    if (shift > MAX_SHIFT) {
      const node: unknown[] = [null, H[lo]];
      for (let i = lo; i < hi; i++) node.push(keys[idx[i] as number], values[idx[i] as number]);
      count.n += hi - lo;
      return freeze(fitted(node));
    }
    if (hi - lo <= SMALL) {
      const node = smallNode(keys, values, lo, hi, shift);
      if (node !== undefined) {
        count.n += hi - lo;
        return node;
      }
    }
    const level = shift / BITS;
    const starts = buf.starts[level] as Int32Array;
    const at = buf.at[level] as Int32Array;
    starts.fill(0);
    for (let i = lo; i < hi; i++) {
      const d = (((H[i] as number) >>> shift) & MASK) + 1;
      starts[d] = (starts[d] as number) + 1;
    }
    for (let b = 0; b <= MASK; b++) {
      const start = (starts[b + 1] as number) + (starts[b] as number);
      starts[b + 1] = start;
      at[b] = starts[b] as number;
    }
    const th = buf.scratchHashes;
    const ti = buf.scratch;
    for (let i = lo; i < hi; i++) {
      const h = H[i] as number;
      const d = (h >>> shift) & MASK;
      const to = lo + (at[d] as number);
      at[d] = (at[d] as number) + 1;
      th[to] = h;
      ti[to] = idx[i] as number;
    }
    for (let i = lo; i < hi; i++) {
      H[i] = th[i] as number;
      idx[i] = ti[i] as number;
    }
    let dm = 0;
    let nm = 0;
    const node: unknown[] = [0, 0];
    const nested: number[] = [];
    for (let b = 0; b <= MASK; b++) {
      const s = lo + (starts[b] as number);
      let e = lo + (starts[b + 1] as number);
      if (e === s) continue;
      if (e - s > 1 && oneHash(s, e)) e = dedupe(keys, s, e);
      if (e - s === 1) {
        dm |= 1 << b;
        node.push(keys[idx[s] as number], values[idx[s] as number]);
        count.n++;
      } else {
        nm |= 1 << b;
        nested.push(s, e);
      }
    }
    for (let j = 0; j < nested.length; j += 2) node.push(buildNode(keys, values, nested[j] as number, nested[j + 1] as number, shift + BITS, count));
    node[0] = dm;
    node[1] = nm;
    return freeze(fitted(node));
  }

  return { build, rootOnly };
}
