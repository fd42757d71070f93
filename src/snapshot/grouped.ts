/**
 * Indices grouped by a group index, in two passes over typed arrays (a counting sort): the
 * loader groups a million images by owner project, and 600,000 projects by account, without
 * an array per group. Arrays grown by `push` keep spare slots (a first `push` makes room for
 * 17), and they lived until the records were made, so every scavenge of the load copied them.
 *
 * Internal: not part of the public API.
 * @module
 */

/** The indices `0..n-1` by group, each group in index order; an index of group `-1` is in none. */
export class Grouped {
  /** The indices, group after group. */
  readonly order: Int32Array;
  /** Where each group starts in `order` (and, at `groups`, where the last one ends). */
  private readonly start: Int32Array;

  /** Groups the indices `i < groupOf.length` by `groupOf[i]`, each in `-1..groups-1`. */
  constructor(groupOf: Int32Array, groups: number) {
    const start = new Int32Array(groups + 1);
    for (let i = 0; i < groupOf.length; i++) {
      const g = groupOf[i] as number;
      if (g >= 0) start[g + 1] = (start[g + 1] as number) + 1;
    }
    for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
    const at = start.slice(0, groups);
    const order = new Int32Array(start[groups] as number);
    for (let i = 0; i < groupOf.length; i++) {
      const g = groupOf[i] as number;
      if (g < 0) continue;
      const to = at[g] as number;
      order[to] = i;
      at[g] = to + 1;
    }
    this.order = order;
    this.start = start;
  }

  /** Where group `g` starts in `order`. */
  from(g: number): number {
    return this.start[g] as number;
  }

  /** Where group `g` ends in `order`. */
  to(g: number): number {
    return this.start[g + 1] as number;
  }

  /** How many indices group `g` holds. */
  size(g: number): number {
    return (this.start[g + 1] as number) - (this.start[g] as number);
  }

  /** The values of `of` at the indices of group `g`, in index order. */
  pick<T>(g: number, of: readonly T[]): T[] {
    const out: T[] = [];
    for (let j = this.from(g); j < this.to(g); j++) out.push(of[this.order[j] as number] as T);
    return out;
  }
}

/**
 * The indices of a list grouped by a string key, each group a chain through the list rather
 * than an array (the loader's memberships by image: 100,000 groups, which lived until the
 * images' records were made). A group is claimed once its key is found.
 */
export class Chains {
  /** The last index added of each key (in the order the keys came). */
  private readonly last = new Map<string, number>();
  /** The index added before each one of its key, or -1. */
  private readonly before: Int32Array;
  /** Whether the group that ends at an index was claimed. */
  private readonly claimed: Uint8Array;

  constructor(n: number) {
    this.before = new Int32Array(n);
    this.claimed = new Uint8Array(n);
  }

  add(key: string, i: number): void {
    this.before[i] = this.last.get(key) ?? -1;
    this.last.set(key, i);
  }

  get size(): number {
    return this.last.size;
  }

  keys(): IterableIterator<string> {
    return this.last.keys();
  }

  /** The indices of `key`'s group in the order added, now claimed; `undefined` when it has none. */
  claim(key: string): number[] | undefined {
    const end = this.last.get(key);
    if (end === undefined) return undefined;
    this.claimed[end] = 1;
    return this.of(end);
  }

  /** The groups no `claim` found, each as its key and indices. */
  unclaimed(): [string, number[]][] {
    const out: [string, number[]][] = [];
    for (const [key, end] of this.last) if (this.claimed[end] === 0) out.push([key, this.of(end)]);
    return out;
  }

  private of(end: number): number[] {
    const out: number[] = [];
    for (let k = end; k >= 0; k = this.before[k] as number) out.push(k);
    return out.reverse();
  }
}
