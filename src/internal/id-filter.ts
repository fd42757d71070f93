/**
 * A set of ids that answers "perhaps" or "certainly not" from one bit per hash (a Bloom filter
 * with one hash function, the maps' own), for a loop over a million ids of which few are in
 * the set: `fromSnapshot` asks it whether an image has memberships or lineage before asking the
 * `Map` of those, and so never makes V8 hash the ids of the other images (which cost more than
 * the lookup itself: a miss on every id's string). Internal: not part of the public API.
 * @module
 */
import { hashString } from './pmap.js';

/** Bits per id in the filter: about one "perhaps" in this many ids outside the set. */
const BITS_PER_ID = 16;
/** The smallest filter, in bits (a power of two). */
const MIN_BITS = 1024;

export class IdFilter {
  private readonly bits: Int32Array;
  private readonly mask: number;

  /** A filter sized for `count` ids. */
  constructor(count: number) {
    let size = MIN_BITS;
    while (size < count * BITS_PER_ID) size *= 2;
    this.bits = new Int32Array(size >>> 5);
    this.mask = size - 1;
  }

  add(id: string): void {
    const h = hashString(id) & this.mask;
    this.bits[h >>> 5] = (this.bits[h >>> 5] as number) | (1 << (h & 31));
  }

  /** Whether an id of that hash ({@link hashString}) may be in the set: `false` is certain. */
  mayHold(hash: number): boolean {
    const h = hash & this.mask;
    return ((this.bits[h >>> 5] as number) & (1 << (h & 31))) !== 0;
  }
}
