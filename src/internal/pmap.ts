/**
 * A persistent (immutable) hash array mapped trie keyed by strings.
 *
 * Every table of the state lives in one of these. An update copies only the nodes on the path
 * from the root to the changed entry (at most 7 nodes of at most 32 slots), so the cost of a
 * command does not grow with the number of entities, and every state keeps sharing all the
 * untouched nodes with the state it came from. All nodes are frozen when they are made.
 *
 * Keys are compared with `===`, so `__proto__`, `constructor` or a 10,000-character string are
 * ordinary keys: nothing here reads a property named by a key.
 *
 * @internal
 * @module
 */

const BITS = 5;
const MASK = (1 << BITS) - 1;

const LEAF = 0;
const BRANCH = 1;
const COLLISION = 2;

interface Leaf<V> {
  readonly t: typeof LEAF;
  readonly h: number;
  readonly k: string;
  readonly v: V;
}

interface Branch<V> {
  readonly t: typeof BRANCH;
  readonly bitmap: number;
  readonly slots: readonly Slot<V>[];
}

interface Collision<V> {
  readonly t: typeof COLLISION;
  readonly h: number;
  readonly leaves: readonly Leaf<V>[];
}

type Slot<V> = Leaf<V> | Branch<V> | Collision<V>;

/** A persistent map from string keys to values of type `V`. */
export interface PMap<V> {
  readonly size: number;
  readonly root: Branch<V>;
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
  return h | 0; // a signed 32-bit integer: stored unboxed (a small integer) in every leaf
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function leaf<V>(h: number, k: string, v: V): Leaf<V> {
  return Object.freeze({ t: LEAF, h, k, v });
}

function branch<V>(bitmap: number, slots: Slot<V>[]): Branch<V> {
  return Object.freeze({ t: BRANCH, bitmap, slots: Object.freeze(slots) });
}

function collision<V>(h: number, leaves: Leaf<V>[]): Collision<V> {
  return Object.freeze({ t: COLLISION, h, leaves: Object.freeze(leaves) });
}

const EMPTY_ROOT: Branch<never> = branch<never>(0, []);
const EMPTY: PMap<never> = Object.freeze({ size: 0, root: EMPTY_ROOT });

/** The empty map. */
export function emptyMap<V>(): PMap<V> {
  return EMPTY;
}

/** The value stored under `key`, or `undefined`. */
export function get<V>(map: PMap<V>, key: string): V | undefined {
  return getHashed(map, key, hashString(key));
}

/** `get` with a precomputed hash (tests use it to force collisions). */
export function getHashed<V>(map: PMap<V>, key: string, h: number): V | undefined {
  let node: Branch<V> = map.root;
  let shift = 0;
  for (;;) {
    const bit = 1 << ((h >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return undefined;
    const slot = node.slots[popcount(node.bitmap & (bit - 1))] as Slot<V>;
    if (slot.t === LEAF) return slot.k === key ? slot.v : undefined;
    if (slot.t === COLLISION) {
      if (slot.h !== h) return undefined;
      for (const l of slot.leaves) if (l.k === key) return l.v;
      return undefined;
    }
    node = slot;
    shift += BITS;
  }
}

/** Whether `key` is present. The library never stores `undefined` as a value. */
export function has<V>(map: PMap<V>, key: string): boolean {
  return get(map, key) !== undefined;
}

function merge<V>(a: Leaf<V> | Collision<V>, b: Leaf<V>, shift: number): Slot<V> {
  // A collision node is only merged with a leaf of another hash (same-hash leaves join it in `insert`).
  if (a.h === b.h) return collision(a.h, [a as Leaf<V>, b]);
  const ia = (a.h >>> shift) & MASK;
  const ib = (b.h >>> shift) & MASK;
  if (ia === ib) return branch(1 << ia, [merge(a, b, shift + BITS)]);
  return branch((1 << ia) | (1 << ib), ia < ib ? [a, b] : [b, a]);
}

// Copies use spread: `slice()` on a frozen array takes a slow path in V8 (about 20 times slower).
function withSlot<V>(node: Branch<V>, idx: number, slot: Slot<V>): Branch<V> {
  const slots = [...node.slots];
  slots[idx] = slot;
  return branch(node.bitmap, slots);
}

function insert<V>(node: Branch<V>, shift: number, nl: Leaf<V>, added: { v: boolean }): Branch<V> {
  const bit = 1 << ((nl.h >>> shift) & MASK);
  const idx = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    const slots = [...node.slots];
    slots.splice(idx, 0, nl);
    added.v = true;
    return branch(node.bitmap | bit, slots);
  }
  const slot = node.slots[idx] as Slot<V>;
  if (slot.t === LEAF) {
    if (slot.k === nl.k) return slot.v === nl.v ? node : withSlot(node, idx, nl);
    added.v = true;
    return withSlot(node, idx, merge(slot, nl, shift + BITS));
  }
  if (slot.t === COLLISION) {
    if (slot.h !== nl.h) {
      added.v = true;
      return withSlot(node, idx, merge(slot, nl, shift + BITS));
    }
    const at = slot.leaves.findIndex((l) => l.k === nl.k);
    if (at >= 0 && (slot.leaves[at] as Leaf<V>).v === nl.v) return node;
    const leaves = [...slot.leaves];
    if (at >= 0) leaves[at] = nl;
    else {
      leaves.push(nl);
      added.v = true;
    }
    return withSlot(node, idx, collision(slot.h, leaves));
  }
  const child = insert(slot, shift + BITS, nl, added);
  return child === slot ? node : withSlot(node, idx, child);
}

/** A map equal to `map` with `key` set to `value` (the same map when nothing changes). */
export function set<V>(map: PMap<V>, key: string, value: V): PMap<V> {
  return setHashed(map, key, hashString(key), value);
}

/** `set` with a precomputed hash (tests use it to force collisions). */
export function setHashed<V>(map: PMap<V>, key: string, h: number, value: V): PMap<V> {
  const added = { v: false };
  const root = insert(map.root, 0, leaf(h, key, value), added);
  if (root === map.root) return map;
  return Object.freeze({ size: added.v ? map.size + 1 : map.size, root });
}

function withoutSlot<V>(node: Branch<V>, idx: number, bit: number, shift: number): Slot<V> | undefined {
  if (node.slots.length === 1) return undefined;
  if (node.slots.length === 2 && shift > 0) {
    const other = node.slots[1 - idx] as Slot<V>;
    if (other.t !== BRANCH) return other; // collapse a lone leaf into the parent
  }
  const slots = [...node.slots];
  slots.splice(idx, 1);
  return branch(node.bitmap & ~bit, slots);
}

function replaceChild<V>(node: Branch<V>, idx: number, child: Slot<V>, shift: number): Slot<V> {
  if (node.slots.length === 1 && shift > 0 && child.t !== BRANCH) return child;
  return withSlot(node, idx, child);
}

function removeRec<V>(node: Branch<V>, shift: number, h: number, key: string): Slot<V> | undefined {
  const bit = 1 << ((h >>> shift) & MASK);
  if ((node.bitmap & bit) === 0) return node;
  const idx = popcount(node.bitmap & (bit - 1));
  const slot = node.slots[idx] as Slot<V>;
  if (slot.t === LEAF) {
    return slot.k === key ? withoutSlot(node, idx, bit, shift) : node;
  }
  if (slot.t === COLLISION) {
    if (slot.h !== h) return node;
    const at = slot.leaves.findIndex((l) => l.k === key);
    if (at < 0) return node;
    const leaves = slot.leaves.filter((_, i) => i !== at);
    const next: Slot<V> = leaves.length === 1 ? (leaves[0] as Leaf<V>) : collision(slot.h, leaves);
    return replaceChild(node, idx, next, shift);
  }
  const child = removeRec(slot, shift + BITS, h, key);
  if (child === slot) return node;
  // A branch below the root never empties: with one leaf left it collapses into that leaf first.
  return replaceChild(node, idx, child as Slot<V>, shift);
}

/** A map equal to `map` without `key` (the same map when `key` is absent). */
export function remove<V>(map: PMap<V>, key: string): PMap<V> {
  return removeHashed(map, key, hashString(key));
}

/** `remove` with a precomputed hash (tests use it to force collisions). */
export function removeHashed<V>(map: PMap<V>, key: string, h: number): PMap<V> {
  const root = removeRec(map.root, 0, h, key);
  if (root === map.root) return map;
  if (root === undefined) return EMPTY;
  // The root is never collapsed (shift 0), so it stays a branch.
  return Object.freeze({ size: map.size - 1, root: root as Branch<V> });
}

function eachSlot<V>(slot: Slot<V>, fn: (value: V, key: string) => void): void {
  if (slot.t === LEAF) fn(slot.v, slot.k);
  else if (slot.t === COLLISION) for (const l of slot.leaves) fn(l.v, l.k);
  else for (const s of slot.slots) eachSlot(s, fn);
}

/** Calls `fn` for every entry, in hash order (stable for a given set of keys). */
export function forEach<V>(map: PMap<V>, fn: (value: V, key: string) => void): void {
  eachSlot(map.root, fn);
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

function build<V>(leaves: Leaf<V>[], shift: number): Slot<V> {
  if (leaves.length === 1) return leaves[0] as Leaf<V>;
  const first = (leaves[0] as Leaf<V>).h;
  if (leaves.every((l) => l.h === first)) return collision(first, leaves);
  const buckets: Leaf<V>[][] = [];
  for (const l of leaves) {
    const i = (l.h >>> shift) & MASK;
    (buckets[i] ??= []).push(l);
  }
  let bitmap = 0;
  const slots: Slot<V>[] = [];
  for (let i = 0; i <= MASK; i++) {
    const b = buckets[i];
    if (b === undefined) continue;
    bitmap |= 1 << i;
    slots.push(build(b, shift + BITS));
  }
  return branch(bitmap, slots);
}

/**
 * Builds a map from entries in one pass (bulk load), much faster than repeated `set`.
 * A later entry with the same key wins.
 */
export function fromEntries<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
  const unique = new Map<string, V>();
  for (const [k, v] of entries) unique.set(k, v);
  if (unique.size === 0) return EMPTY;
  const leaves: Leaf<V>[] = [];
  for (const [k, v] of unique) leaves.push(leaf(hashString(k), k, v));
  const root = build(leaves, 0);
  return Object.freeze({
    size: leaves.length,
    root: root.t === BRANCH ? root : branch(1 << (root.h & MASK), [root]),
  });
}

/** The number of entries. */
export function size<V>(map: PMap<V>): number {
  return map.size;
}
