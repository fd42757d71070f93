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

/** Sorts items by a numeric key, ascending (the keys are unique). */
export function sortBy<T>(items: T[], key: (item: T) => number): T[] {
  if (items.length < 2) return items;
  const keyed = items.map((item) => [key(item), item] as const);
  keyed.sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < keyed.length; i++) items[i] = (keyed[i] as readonly [number, T])[1];
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
