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
 * Internal: not part of the public API.
 * @module
 */

const BITS = 5;
const MASK = (1 << BITS) - 1;
/** The last shift that still reads hash bits; deeper, equal hashes share a collision node. */
const MAX_SHIFT = 30;

/**
 * A node: `[dataMap, nodeMap, k0, v0, k1, v1, ..., child0, child1, ...]`, or a collision node
 * `[null, hash, k0, v0, k1, v1, ...]` for keys whose 32-bit hashes are equal.
 */
type Node = readonly unknown[];

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

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * The open transient, if any (Clojure's transients, Immutable.js `withMutations`): while a
 * batch runs, every node, map and record made is left mutable and listed here, and a later
 * write to a node made in the same batch changes it in place instead of copying it. Closing
 * the transient freezes everything it made.
 *
 * Ownership is the frozen bit itself: outside a transient everything is frozen when it is
 * made, and closing a transient freezes all it made, so while one is open a node that is not
 * frozen is one it made (Clojure marks nodes with an edit token for the same purpose). No node
 * made before the batch, frozen as it is, is ever changed; and no set of owned nodes is kept.
 */
let made: object[] | undefined;

/**
 * Opens a transient: until {@link closeTransient}, writes may change what they made in place.
 * Returns `false` (and opens nothing) when one is open already: the outer one closes it.
 */
export function openTransient(): boolean {
  if (made !== undefined) return false;
  made = [];
  return true;
}

/** Closes the transient and freezes everything made while it was open. */
export function closeTransient(): void {
  const list = made;
  made = undefined;
  if (list !== undefined) for (const x of list) Object.freeze(x);
}

/** Freezes a new node, map or record, or, while a transient is open, keeps it mutable (and so owned). */
export function seal<T extends object>(x: T): T {
  if (made !== undefined) {
    made.push(x);
    return x;
  }
  return Object.freeze(x);
}

/**
 * Freezes a new record, or, while a transient is open, freezes it when the transient closes.
 * Records are never changed in place: only nodes and maps are ({@link isOwned}).
 */
export const sealRecord: <T extends object>(x: T) => T = seal;

/** Whether `x` was made in the open transient (and may change in place). */
export function isOwned(x: object): boolean {
  return made !== undefined && !Object.isFrozen(x);
}

const freeze = <T extends unknown[]>(a: T): Node => seal(a);
const EMPTY_ROOT: Node = freeze([0, 0]);
const EMPTY: PMap<never> = Object.freeze({ size: 0, root: EMPTY_ROOT });

/** The trie's operations for one hash function (tests use a weak one to force collisions). */
export interface Trie {
  get<V>(map: PMap<V>, key: string): V | undefined;
  set<V>(map: PMap<V>, key: string, value: V): PMap<V>;
  remove<V>(map: PMap<V>, key: string): PMap<V>;
  fromEntries<V>(entries: Iterable<readonly [string, V]>): PMap<V>;
  /** Bulk load from parallel arrays (a later repeated key wins). */
  fromArrays<V>(keys: readonly string[], values: readonly V[]): PMap<V>;
}

/** Shared work arrays of the bulk loader (it runs no callbacks, so it is never re-entered). */
const LEVELS = Math.floor(MAX_SHIFT / BITS) + 1;
/** Up to this many entries, a node whose entries have slots of their own is made directly. */
const SMALL = 8;
const buf = {
  hashes: new Int32Array(64), index: new Int32Array(64), scratchHashes: new Int32Array(64), scratch: new Int32Array(64),
  /** Per trie level: where each slot's entries start, and the next free place in each slot. */
  starts: Array.from({ length: LEVELS }, () => new Int32Array(MASK + 2)),
  at: Array.from({ length: LEVELS }, () => new Int32Array(MASK + 1)),
};

function ensure(n: number): void {
  if (buf.index.length >= n) return;
  let size = buf.index.length;
  while (size < n) size *= 2;
  buf.hashes = new Int32Array(size);
  buf.index = new Int32Array(size);
  buf.scratchHashes = new Int32Array(size);
  buf.scratch = new Int32Array(size);
}

/** Copies use spread: `slice()` on a frozen array takes a slow path in V8 (about 20 times slower). */
function copy(node: Node): unknown[] {
  if (made !== undefined && !Object.isFrozen(node)) return node as unknown[];
  return [...node];
}

/**
 * The trie operations for a hash function. The library uses {@link hashString}; tests pass a
 * weak hash to reach the collision paths.
 */
export function makeTrie(hash: (key: string) => number): Trie {
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

  function insert(node: Node, shift: number, h: number, key: string, value: unknown, added: { v: boolean }): Node {
    const dm = node[0] as number | null;
    if (dm === null) {
      for (let i = 2; i < node.length; i += 2) {
        if (node[i] === key) {
          if (node[i + 1] === value) return node;
          const next = copy(node);
          next[i + 1] = value;
          return freeze(next);
        }
      }
      added.v = true;
      return freeze([...node, key, value]);
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
        return freeze(next);
      }
      // Two keys in one slot: the entry moves down into a new sub-node.
      added.v = true;
      const child = pair(k, node[i + 1], hash(k), key, value, h, shift + BITS);
      const next = copy(node);
      next.splice(i, 2);
      const j = 2 * popcount(dm) + popcount(nm & (bit - 1)); // index among the remaining slots, after removal
      next.splice(j, 0, child);
      next[0] = dm ^ bit;
      next[1] = nm | bit;
      return freeze(next);
    }
    if ((nm & bit) !== 0) {
      const j = 2 + 2 * popcount(dm) + popcount(nm & (bit - 1));
      const child = node[j] as Node;
      const updated = insert(child, shift + BITS, h, key, value, added);
      if (updated === child) return node;
      const next = copy(node);
      next[j] = updated;
      return freeze(next);
    }
    added.v = true;
    const i = 2 + 2 * popcount(dm & (bit - 1));
    const next = copy(node);
    next.splice(i, 0, key, value);
    next[0] = dm | bit;
    return freeze(next);
  }

  /** Whether a node is a single entry that its parent should hold inline (CHAMP's canonical form). */
  function lone(node: Node): boolean {
    return node[0] === null ? node.length === 4 : node[1] === 0 && node.length === 4;
  }

  function without(node: Node, shift: number, h: number, key: string, removed: { v: boolean }): Node {
    const dm = node[0] as number | null;
    if (dm === null) {
      for (let i = 2; i < node.length; i += 2) {
        if (node[i] === key) {
          removed.v = true;
          const next = copy(node);
          next.splice(i, 2);
          return freeze(next);
        }
      }
      return node;
    }
    const nm = node[1] as number;
    const bit = 1 << ((h >>> shift) & MASK);
    if ((dm & bit) !== 0) {
      const i = 2 + 2 * popcount(dm & (bit - 1));
      if (node[i] !== key) return node;
      removed.v = true;
      const next = copy(node);
      next.splice(i, 2);
      next[0] = dm ^ bit;
      return freeze(next);
    }
    if ((nm & bit) === 0) return node;
    const j = 2 + 2 * popcount(dm) + popcount(nm & (bit - 1));
    const child = node[j] as Node;
    const updated = without(child, shift + BITS, h, key, removed);
    // A child changed in place (a transient) keeps its slot unless it shrank to one entry.
    if (updated === child && !(removed.v && lone(updated))) return node;
    const next = copy(node);
    if (lone(updated)) {
      // The sub-node keeps one entry: it moves up into this node's entries.
      next.splice(j, 1);
      const i = 2 + 2 * popcount(dm & (bit - 1));
      next.splice(i, 0, updated[2], updated[3]);
      next[0] = dm | bit;
      next[1] = nm ^ bit;
    } else {
      next[j] = updated;
    }
    return freeze(next);
  }

  /**
   * Bulk load (CHAMP's canonical form, as repeated `set` would make it): the entries' indices
   * are bucketed by five hash bits per level with a counting sort over shared typed arrays, so
   * a million entries cost a few passes over integer arrays and one array per node: no
   * per-entry objects and no `Map`. Within a bucket indices stay in input order, so among equal
   * keys the last one wins.
   */
  function build(keys: readonly string[], values: readonly unknown[], n: number): { root: Node; size: number } {
    ensure(n);
    const H = buf.hashes;
    const idx = buf.index;
    for (let i = 0; i < n; i++) {
      H[i] = hash(keys[i] as string);
      idx[i] = i;
    }
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
    return freeze(node);
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
      return freeze(node);
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
    return freeze(node);
  }

  return {
    get: <V>(map: PMap<V>, key: string) => lookup(map.root, hash(key), key) as V | undefined,
    set<V>(map: PMap<V>, key: string, value: V): PMap<V> {
      const added = { v: false };
      const root = insert(map.root, 0, hash(key), key, value, added);
      if (root === map.root && !added.v) return map;
      return resized(map, added.v ? map.size + 1 : map.size, root);
    },
    remove<V>(map: PMap<V>, key: string): PMap<V> {
      const removed = { v: false };
      const root = without(map.root, 0, hash(key), key, removed);
      if (!removed.v) return map;
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
  };

  function fromArrays<V>(keys: readonly string[], vals: readonly V[]): PMap<V> {
    const n = Math.min(keys.length, vals.length);
    if (n === 0) return EMPTY;
    const { root, size } = build(keys, vals, n);
    return seal({ size, root });
  }
}

/** A map with a new size and root: the same object changed in place when the open transient made it. */
function resized<V>(map: PMap<V>, size: number, root: Node): PMap<V> {
  if (made !== undefined && !Object.isFrozen(map)) {
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

function each(node: Node, fn: (value: never, key: string) => void): void {
  const dm = node[0] as number | null;
  if (dm === null) {
    for (let i = 2; i < node.length; i += 2) fn(node[i + 1] as never, node[i] as string);
    return;
  }
  const end = 2 + 2 * popcount(dm);
  for (let i = 2; i < end; i += 2) fn(node[i + 1] as never, node[i] as string);
  for (let j = end; j < node.length; j++) each(node[j] as Node, fn);
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

type Visit = (key: string, before: unknown, after: unknown) => void;

function eachEntry(node: Node, fn: (value: unknown, key: string) => void): void {
  each(node, fn as (value: never, key: string) => void);
}

/** The entries of a node, for the few comparisons that cannot walk two nodes in step. */
function entriesOf(node: Node | undefined, key?: string, value?: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (key !== undefined) out.set(key, value);
  if (node !== undefined) eachEntry(node, (v, k) => out.set(k, v));
  return out;
}

function compareEntries(a: Map<string, unknown>, b: Map<string, unknown>, visit: Visit): void {
  for (const [k, v] of a) {
    if (!b.has(k)) visit(k, v, undefined);
    else if (b.get(k) !== v) visit(k, v, b.get(k));
  }
  for (const [k, v] of b) if (!a.has(k)) visit(k, undefined, v);
}

/** Slot `bit` of a regular node: an inline entry, a sub-node, or nothing. */
function slot(node: Node, bit: number): { key: string; value: unknown } | { child: Node } | undefined {
  const dm = node[0] as number;
  const nm = node[1] as number;
  if ((dm & bit) !== 0) {
    const i = 2 + 2 * popcount(dm & (bit - 1));
    return { key: node[i] as string, value: node[i + 1] };
  }
  if ((nm & bit) !== 0) return { child: node[2 + 2 * popcount(dm) + popcount(nm & (bit - 1))] as Node };
  return undefined;
}

function diffNodes(a: Node, b: Node, visit: Visit): void {
  if (a === b) return;
  if (a[0] === null || b[0] === null) {
    compareEntries(entriesOf(a), entriesOf(b), visit);
    return;
  }
  const adm = a[0] as number;
  const anm = a[1] as number;
  const bdm = b[0] as number;
  const bnm = b[1] as number;
  const aEnd = 2 + 2 * popcount(adm);
  const bEnd = 2 + 2 * popcount(bdm);
  if (adm === bdm && anm === bnm) {
    // The same layout (the usual case on a changed path): slots correspond one to one, and an
    // untouched sub-node is the same array on both sides.
    let sameKeys = true;
    for (let k = 2; k < aEnd; k += 2) {
      if (a[k] !== b[k]) {
        sameKeys = false;
        break;
      }
    }
    if (sameKeys) {
      for (let k = 2; k < aEnd; k += 2) if (a[k + 1] !== b[k + 1]) visit(a[k] as string, a[k + 1], b[k + 1]);
      for (let k = aEnd; k < a.length; k++) if (a[k] !== b[k]) diffNodes(a[k] as Node, b[k] as Node, visit);
      return;
    }
  }
  let all = adm | anm | bdm | bnm;
  while (all !== 0) {
    const bit = all & -all;
    all ^= bit;
    // The common case first, without allocating: a sub-node on both sides (shared ones are skipped at once).
    if ((anm & bit) !== 0 && (bnm & bit) !== 0) {
      diffNodes(a[aEnd + popcount(anm & (bit - 1))] as Node, b[bEnd + popcount(bnm & (bit - 1))] as Node, visit);
      continue;
    }
    if ((adm & bit) !== 0 && (bdm & bit) !== 0) {
      const i = 2 + 2 * popcount(adm & (bit - 1));
      const j = 2 + 2 * popcount(bdm & (bit - 1));
      if (a[i] === b[j]) {
        if (a[i + 1] !== b[j + 1]) visit(a[i] as string, a[i + 1], b[j + 1]);
        continue;
      }
    }
    const x = slot(a, bit);
    const y = slot(b, bit);
    const left = x === undefined ? new Map<string, unknown>() : 'child' in x ? entriesOf(x.child) : entriesOf(undefined, x.key, x.value);
    const right = y === undefined ? new Map<string, unknown>() : 'child' in y ? entriesOf(y.child) : entriesOf(undefined, y.key, y.value);
    compareEntries(left, right, visit);
  }
}

/**
 * Calls `visit` for every key whose value differs between two maps (`undefined` for absent),
 * walking both tries in step and skipping every sub-tree they share, so the cost is
 * proportional to the change when one map was derived from the other. Both maps must use the
 * library's hash.
 */
export function diffMaps<V>(a: PMap<V>, b: PMap<V>, visit: (key: string, before: V | undefined, after: V | undefined) => void): void {
  diffNodes(a.root, b.root, visit as Visit);
}
