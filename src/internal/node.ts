/**
 * The nodes of the tries (`pmap.ts`) and who may change them: the CHAMP layout's constants and
 * node type, and the transients of the batch path.
 *
 * Internal: not part of the public API.
 * @module
 */

export const BITS = 5;
export const MASK = (1 << BITS) - 1;
/** The last shift that still reads hash bits; deeper, equal hashes share a collision node. */
export const MAX_SHIFT = 30;

/**
 * A node: `[dataMap, nodeMap, k0, v0, k1, v1, ..., child0, child1, ...]`, or a collision node
 * `[null, hash, k0, v0, k1, v1, ...]` for keys whose 32-bit hashes are equal.
 */
export type Node = readonly unknown[];

/** The number of set bits of a 32-bit bitmap: an entry's or a sub-node's place in its node. */
export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * The open transient, if any (Clojure's transients, Immutable.js `withMutations`): while a
 * batch runs, every node and map made is left mutable and listed here, and a later
 * write to a node made in the same batch changes it in place instead of copying it. Closing
 * the transient freezes everything it made.
 *
 * Ownership is the frozen bit itself: outside a transient everything is frozen when it is
 * made, and closing a transient freezes all it made, so while one is open a node that is not
 * frozen is one it made (Clojure marks nodes with an edit token for the same purpose). No node
 * made before the batch, frozen as it is, is ever changed; and no set of owned nodes is kept.
 * The transient belongs to the batch's own commands: the batch suspends it whenever control
 * leaves for the caller's code ({@link outsideTransient}).
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

/**
 * Runs the caller's code `f` (the caller's iterator, a getter of an input, a progress
 * callback) with the open transient, if any, suspended, and returns what `f` returns: a
 * command that code runs on a state of its own then copies and freezes as outside any batch,
 * and nothing it makes is owned.
 */
export function outsideTransient<T>(f: () => T): T {
  const list = made;
  made = undefined;
  try {
    return f();
  } finally {
    made = list;
  }
}

/** Freezes a new node or map, or, while a transient is open, keeps it mutable (and so owned). */
export function seal<T extends object>(x: T): T {
  if (made !== undefined) {
    made.push(x);
    return x;
  }
  return Object.freeze(x);
}

/**
 * Freezes a new record at once, in a transient too: records are never changed in place (only
 * nodes and maps are, {@link isOwned}), so the transient need not hold them until it closes.
 * Holding them kept every record a batch replaced alive until the close; freezing them at
 * once built a 300,000-image world 7 to 10% faster (docs/performance.md).
 */
export function sealRecord<T extends object>(x: T): T {
  return Object.freeze(x);
}

/**
 * Whether a transient is open: the batch's own commands are running, and the states they make
 * are never seen by the caller (only the last one is returned).
 */
export function inTransient(): boolean {
  return made !== undefined;
}

/** Whether `x` was made in the open transient (and may change in place). */
export function isOwned(x: object): boolean {
  return made !== undefined && !Object.isFrozen(x);
}

/** Freezes a new node (or, in a transient, keeps it owned). */
export const freeze = <T extends unknown[]>(a: T): Node => seal(a);

/** The root of every empty map. */
export const EMPTY_ROOT: Node = freeze([0, 0]);

/** Calls `fn` for every entry under `node`, in hash order. */
export function each(node: Node, fn: (value: never, key: string) => void): void {
  const dm = node[0] as number | null;
  if (dm === null) {
    for (let i = 2; i < node.length; i += 2) fn(node[i + 1] as never, node[i] as string);
    return;
  }
  const end = 2 + 2 * popcount(dm);
  for (let i = 2; i < end; i += 2) fn(node[i + 1] as never, node[i] as string);
  for (let j = end; j < node.length; j++) each(node[j] as Node, fn);
}
