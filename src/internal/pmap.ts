/**
 * A persistent (immutable) hash array mapped trie keyed by strings, in the compressed layout of
 * CHAMP (Steindorfer and Vinju, 2015): every node is one frozen array holding two bitmaps, its
 * entries inline (key, value, key, value, ...) and then its sub-nodes. No per-entry objects.
 *
 * Every table of the state lives in one of these. An update copies only the nodes on the path
 * from the root to the changed entry (at most 7 arrays of at most 64 slots), so the cost of a
 * command does not grow with the number of entities, and every state keeps sharing all the
 * untouched nodes with the state it came from. All nodes are frozen when they are made.
 *
 * Keys are compared with `===`, so `__proto__`, `constructor` or a 10,000-character string are
 * ordinary keys: nothing here reads a property named by a key.
 *
 * Its parts: `node.ts` (the layout and the transients of the batch path), `bulk.ts` (the bulk
 * loader), `walk.ts` (two tries walked in step, for `diff`); this module has the reads, the
 * writes and the map itself.
 *
 * Internal: not part of the public API.
 * @module
 */
import { ROOT_ONLY, makeBulkLoad } from './bulk.js';
import { BITS, EMPTY_ROOT, MASK, MAX_SHIFT, type Node, each, freeze, isOwned, popcount, seal } from './node.js';

export { closeTransient, inTransient, isOwned, openTransient, outsideTransient, seal, sealRecord } from './node.js';
export { diffMaps } from './walk.js';

/** A persistent map from string keys to values of type `V`. */
export interface PMap<V> {
  readonly size: number;
  readonly root: Node;
  /** Phantom: the value type. */
  readonly __v?: V;
}

/** 32-bit hash of a string: FNV-1a followed by the murmur3 finaliser, for well-spread low bits. */
export function hashString(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0; // a signed 32-bit integer: a small integer to V8, never boxed
}

const EMPTY: PMap<never> = Object.freeze({ size: 0, root: EMPTY_ROOT });

/** The trie's operations for one hash function (tests use a weak one to force collisions). */
export interface Trie {
  get<V>(map: PMap<V>, key: string): V | undefined;
  set<V>(map: PMap<V>, key: string, value: V): PMap<V>;
  remove<V>(map: PMap<V>, key: string): PMap<V>;
  fromEntries<V>(entries: Iterable<readonly [string, V]>): PMap<V>;
  /** Bulk load from parallel arrays (a later repeated key wins). */
  fromArrays<V>(keys: readonly string[], values: readonly V[]): PMap<V>;
  /** `fromArrays` with every key's hash given (`hashes[i]` is this trie's hash of `keys[i]`). */
  fromHashedArrays<V>(keys: readonly string[], hashes: Int32Array, values: readonly V[]): PMap<V>;
}

/** Copies use spread: `slice()` on a frozen array takes a slow path in V8 (about 20 times slower). */
function copy(node: Node): unknown[] {
  if (isOwned(node)) return node as unknown[];
  return [...node];
}

/**
 * A node that `splice` made longer: when it is a new copy, that copy at its exact size. An array
 * that grows keeps the spare slots of its growth for good (V8 grows a store by half and 16
 * slots more, and neither freezing nor the collector gives them back), and every state keeps
 * the nodes its command made. A node the open transient owns grows in place: the batch
 * changes it again rather than copying it.
 */
function fit(node: Node, next: unknown[]): unknown[] {
  return next === node ? next : next.slice();
}

/**
 * A node after a write: the node itself when the write changed it in place (the open transient
 * owns it, and listed it when it made it), else the new copy, sealed. Sealing an owned node
 * again would list it again, once for every write to it.
 */
function changed(node: Node, next: unknown[]): Node {
  return next === node ? node : freeze(next);
}

/**
 * The trie operations for a hash function. The library uses {@link hashString}; tests pass a
 * weak hash to reach the collision paths.
 */
export function makeTrie(hash: (key: string) => number): Trie {
  const { build, rootOnly } = makeBulkLoad(hash);
  /**
   * Set by `insert` when it adds a key and by `without` when it removes one: one flag per trie
   * rather than an object per write (a write never runs inside another).
   */
  let sizeChanged = false;
  /** A node holding two entries whose hashes agree below `shift`. */
  function pair(k1: string, v1: unknown, h1: number, k2: string, v2: unknown, h2: number, shift: number): Node {
    if (shift > MAX_SHIFT) return freeze([null, h1, k1, v1, k2, v2]);
    const i1 = (h1 >>> shift) & MASK;
    const i2 = (h2 >>> shift) & MASK;
    if (i1 === i2) return freeze([0, 1 << i1, pair(k1, v1, h1, k2, v2, h2, shift + BITS)]);
    return freeze(i1 < i2 ? [(1 << i1) | (1 << i2), 0, k1, v1, k2, v2] : [(1 << i1) | (1 << i2), 0, k2, v2, k1, v1]);
  }

  function lookup(node: Node, h: number, key: string): unknown {
    let shift = 0;
    for (;;) {
      const dm = node[0] as number | null;
      if (dm === null) {
        for (let i = 2; i < node.length; i += 2) if (node[i] === key) return node[i + 1];
        return undefined;
      }
      const bit = 1 << ((h >>> shift) & MASK);
      if ((dm & bit) !== 0) {
        const i = 2 + 2 * popcount(dm & (bit - 1));
        return node[i] === key ? node[i + 1] : undefined;
      }
      const nm = node[1] as number;
      if ((nm & bit) === 0) return undefined;
      node = node[2 + 2 * popcount(dm) + popcount(nm & (bit - 1))] as Node;
      shift += BITS;
    }
  }

  function insert(node: Node, shift: number, h: number, key: string, value: unknown): Node {
    const dm = node[0] as number | null;
    if (dm === null) {
      for (let i = 2; i < node.length; i += 2) {
        if (node[i] === key) {
          if (node[i + 1] === value) return node;
          const next = copy(node);
          next[i + 1] = value;
          return changed(node, next);
        }
      }
      sizeChanged = true;
      return freeze([...node, key, value].slice());
    }
    const nm = node[1] as number;
    const bit = 1 << ((h >>> shift) & MASK);
    if ((dm & bit) !== 0) {
      const i = 2 + 2 * popcount(dm & (bit - 1));
      const k = node[i] as string;
      if (k === key) {
        if (node[i + 1] === value) return node;
        const next = copy(node);
        next[i + 1] = value;
        return changed(node, next);
      }
      // Two keys in one slot: the entry moves down into a new sub-node.
      sizeChanged = true;
      const child = pair(k, node[i + 1], hash(k), key, value, h, shift + BITS);
      const next = copy(node);
      next.splice(i, 2);
      const j = 2 * popcount(dm) + popcount(nm & (bit - 1)); // index among the remaining slots, after removal
      next.splice(j, 0, child);
      next[0] = dm ^ bit;
      next[1] = nm | bit;
      return changed(node, fit(node, next));
    }
    if ((nm & bit) !== 0) {
      const j = 2 + 2 * popcount(dm) + popcount(nm & (bit - 1));
      const child = node[j] as Node;
      const updated = insert(child, shift + BITS, h, key, value);
      if (updated === child) return node;
      const next = copy(node);
      next[j] = updated;
      return changed(node, next);
    }
    sizeChanged = true;
    const i = 2 + 2 * popcount(dm & (bit - 1));
    const next = copy(node);
    next.splice(i, 0, key, value);
    next[0] = dm | bit;
    return changed(node, fit(node, next));
  }

  /** Whether a node is a single entry that its parent should hold inline (CHAMP's canonical form). */
  function lone(node: Node): boolean {
    return node[0] === null ? node.length === 4 : node[1] === 0 && node.length === 4;
  }

  function without(node: Node, shift: number, h: number, key: string): Node {
    const dm = node[0] as number | null;
    if (dm === null) {
      for (let i = 2; i < node.length; i += 2) {
        if (node[i] === key) {
          sizeChanged = true;
          const next = copy(node);
          next.splice(i, 2);
          return changed(node, next);
        }
      }
      return node;
    }
    const nm = node[1] as number;
    const bit = 1 << ((h >>> shift) & MASK);
    if ((dm & bit) !== 0) {
      const i = 2 + 2 * popcount(dm & (bit - 1));
      if (node[i] !== key) return node;
      sizeChanged = true;
      const next = copy(node);
      next.splice(i, 2);
      next[0] = dm ^ bit;
      return changed(node, next);
    }
    if ((nm & bit) === 0) return node;
    const j = 2 + 2 * popcount(dm) + popcount(nm & (bit - 1));
    const child = node[j] as Node;
    const updated = without(child, shift + BITS, h, key);
    // A child changed in place (a transient) keeps its slot unless it shrank to one entry.
    if (updated === child && !(sizeChanged && lone(updated))) return node;
    const next = copy(node);
    if (lone(updated)) {
      // The sub-node keeps one entry: it moves up into this node's entries.
      next.splice(j, 1);
      const i = 2 + 2 * popcount(dm & (bit - 1));
      next.splice(i, 0, updated[2], updated[3]);
      next[0] = dm | bit;
      next[1] = nm ^ bit;
      return changed(node, fit(node, next));
    }
    next[j] = updated;
    return changed(node, next);
  }

  return {
    get: <V>(map: PMap<V>, key: string) => lookup(map.root, hash(key), key) as V | undefined,
    set<V>(map: PMap<V>, key: string, value: V): PMap<V> {
      sizeChanged = false;
      const root = insert(map.root, 0, hash(key), key, value);
      if (root === map.root && !sizeChanged) return map;
      return resized(map, sizeChanged ? map.size + 1 : map.size, root);
    },
    remove<V>(map: PMap<V>, key: string): PMap<V> {
      sizeChanged = false;
      const root = without(map.root, 0, hash(key), key);
      if (!sizeChanged) return map;
      return map.size === 1 ? EMPTY : resized(map, map.size - 1, root);
    },
    fromEntries<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
      const keys: string[] = [];
      const vals: V[] = [];
      for (const [k, v] of entries) {
        keys.push(k);
        vals.push(v);
      }
      return fromArrays(keys, vals);
    },
    fromArrays,
    fromHashedArrays,
  };

  function fromArrays<V>(keys: readonly string[], vals: readonly V[]): PMap<V> {
    const n = Math.min(keys.length, vals.length);
    if (n === 0) return EMPTY;
    if (n <= ROOT_ONLY) {
      const root = rootOnly(keys, vals, n);
      if (root !== undefined) return seal({ size: popcount(root[0] as number), root });
    }
    const { root, size } = build(keys, vals, n);
    return seal({ size, root });
  }

  function fromHashedArrays<V>(keys: readonly string[], hashes: Int32Array, vals: readonly V[]): PMap<V> {
    const n = Math.min(keys.length, vals.length, hashes.length);
    if (n === 0) return EMPTY;
    const { root, size } = build(keys, vals, n, hashes);
    return seal({ size, root });
  }
}

/** A map with a new size and root: the same object changed in place when the open transient made it. */
function resized<V>(map: PMap<V>, size: number, root: Node): PMap<V> {
  if (isOwned(map)) {
    const m = map as { size: number; root: Node };
    m.size = size;
    m.root = root;
    return map;
  }
  return seal({ size, root });
}

const trie = makeTrie(hashString);

/** The empty map. */
export function emptyMap<V>(): PMap<V> {
  return EMPTY;
}

/** The value stored under `key`, or `undefined`. */
export const get: <V>(map: PMap<V>, key: string) => V | undefined = trie.get;

/** A map equal to `map` with `key` set to `value` (the same map when nothing changes). */
export const set: <V>(map: PMap<V>, key: string, value: V) => PMap<V> = trie.set;

/** A map equal to `map` without `key` (the same map when `key` is absent). */
export const remove: <V>(map: PMap<V>, key: string) => PMap<V> = trie.remove;

/**
 * Builds a map from entries in one pass (bulk load), much faster than repeated `set`.
 * A later entry with the same key wins.
 */
export const fromEntries: <V>(entries: Iterable<readonly [string, V]>) => PMap<V> = trie.fromEntries;

/** Bulk load from parallel arrays of keys and values (a later repeated key wins). */
export const fromArrays: <V>(keys: readonly string[], values: readonly V[]) => PMap<V> = trie.fromArrays;

/** `fromArrays` with the keys' hashes already made by {@link hashesOf}. */
export const fromHashedArrays: <V>(keys: readonly string[], hashes: Int32Array, values: readonly V[]) => PMap<V> = trie.fromHashedArrays;

/** The hash of every key, as the maps read them (for {@link fromHashedArrays} and an `IdFilter`). */
export function hashesOf(keys: readonly string[]): Int32Array {
  const out = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = hashString(keys[i] as string);
  return out;
}

/** Calls `fn` for every entry, in hash order (stable for a given set of keys). */
export function forEach<V>(map: PMap<V>, fn: (value: V, key: string) => void): void {
  each(map.root, fn as (value: never, key: string) => void);
}

/** Every value, in hash order. */
export function values<V>(map: PMap<V>): V[] {
  const out: V[] = [];
  forEach(map, (v) => out.push(v));
  return out;
}

/** Every key, in hash order. */
export function keys<V>(map: PMap<V>): string[] {
  const out: string[] = [];
  forEach(map, (_, k) => out.push(k));
  return out;
}

/** The number of entries. */
export function size<V>(map: PMap<V>): number {
  return map.size;
}
