/**
 * Creation order (F1, SPEC §10): every list the library returns is in the order its entities
 * were made, never in the hash order of a table, so a state reloaded from its snapshot lists
 * everything exactly as the original did.
 *
 * - Images are ordered by `createdAt`: each command makes at most one image.
 * - Accounts, projects, memberships, servers and disks carry a sequence number from the
 *   state's counter (`serial`), kept inside their records and never shown; a snapshot lists
 *   them in that order and `fromSnapshot` numbers them again from their positions.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Image, Membership } from '../entities.js';
import { type PMap, forEach, get } from '../internal/pmap.js';
import type { ImageRecord } from './store.js';

/**
 * Sorts items by a numeric key, ascending, in place. Creation keys are unique integers from a
 * range not much larger than the list (versions, sequence numbers), so a list of them is
 * sorted by placing each item in its slot, in linear time; other keys fall back to a sort.
 */
export function sortBy<T>(items: T[], key: (item: T) => number): T[] {
  const n = items.length;
  if (n < 2) return items;
  const keys = new Array<number>(n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = key(items[i] as T);
    keys[i] = k;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  if (n >= 32 && Number.isSafeInteger(min) && Number.isSafeInteger(max) && max - min <= 4 * n) {
    const slots = new Array<T | undefined>(max - min + 1);
    let unique = true;
    for (let i = 0; i < n; i++) {
      const k = keys[i] as number;
      const at = k - min;
      if (!Number.isInteger(k) || slots[at] !== undefined) {
        unique = false;
        break;
      }
      slots[at] = items[i];
    }
    if (unique) {
      let j = 0;
      for (const x of slots) if (x !== undefined) items[j++] = x;
      return items;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number));
  const copy = items.slice();
  for (let i = 0; i < n; i++) items[i] = copy[order[i] as number] as T;
  return items;
}

/** Images in creation order. */
export function imagesInOrder(images: Image[]): Image[] {
  return sortBy(images, (img) => img.createdAt);
}

/** The memberships of an image, in creation order. */
export function membersInOrder(rec: ImageRecord): Membership[] {
  const out: Membership[] = [];
  forEach(rec.members, (m) => out.push(m));
  return sortBy(out, (m) => get(rec.memberSeq, m.projectId) as number);
}

/** The values of a map of records with a `seq`, in creation order. */
export function recordsInOrder<R extends { readonly seq: number }>(map: PMap<R>): R[] {
  const out: R[] = [];
  forEach(map, (r) => out.push(r));
  return sortBy(out, (r) => r.seq);
}
