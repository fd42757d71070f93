/**
 * The places of ids in a list, by the maps' own hash (open addressing over typed arrays): for
 * `fromSnapshot`'s 100,000 accounts and 600,000 projects, which every project, image,
 * membership, server and disk names. A `Map` would hash every id again, by V8's hash, and grow
 * by copying; this one is sized once, and its hashes then build the accounts' and projects'
 * tables. Internal: not part of the public API.
 * @module
 */
import { hashString } from './pmap.js';

/** Slots per id, at least: probes stay short. */
const SLOTS_PER_ID = 2;
/** How far from a given place {@link IdIndex.getNear} looks before the table. */
const NEAR = 8;

export class IdIndex {
  /** Each slot's place in `ids` plus one; 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** The places, in order, of ids already held at an earlier place (the later place wins, as in a `Map`). */
  readonly repeats: number[] = [];

  /** Indexes `ids` (the list, kept as given), whose hashes ({@link hashString}) are `hashes`. */
  constructor(readonly ids: readonly string[], private readonly hashes: Int32Array) {
    let size = 16;
    while (size < ids.length * SLOTS_PER_ID) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < ids.length; i++) {
      const h = hashes[i] as number;
      const s = this.slotOf(ids[i] as string, h);
      if (this.slots[s] !== 0) this.repeats.push(i);
      this.slots[s] = i + 1;
    }
  }

  /** The last place of `id` in the list, or `undefined`. */
  get(id: string): number | undefined {
    return this.placeOf(id, hashString(id));
  }

  /**
   * {@link get} for ids that a list names in about the order of this one (a saved world's
   * images follow their owner projects): the places within {@link NEAR} of `near` are compared
   * by hash first, before the table, whose probes miss the cache at 600,000 projects. Only
   * when no id repeats, so that the answer is always the last place.
   */
  getNear(id: string, near: number): number | undefined {
    const h = hashString(id);
    if (this.repeats.length === 0) {
      const to = Math.min(this.ids.length, near + NEAR + 1);
      for (let j = Math.max(0, near - NEAR); j < to; j++) if (this.hashes[j] === h && this.ids[j] === id) return j;
    }
    return this.placeOf(id, h);
  }

  /** The last place of `id` (of hash `h`), from the table. */
  private placeOf(id: string, h: number): number | undefined {
    const held = this.slots[this.slotOf(id, h)] as number;
    return held === 0 ? undefined : held - 1;
  }

  /** The slot that holds `id` (of hash `h`), or the empty slot where it would go; a held id's hash is compared before the id. */
  private slotOf(id: string, h: number): number {
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const held = this.slots[s] as number;
      if (held === 0 || (this.hashes[held - 1] === h && this.ids[held - 1] === id)) return s;
    }
  }
}
