/**
 * What a principal may see and use: M4 ("Images Shared with Me"), M5 (`canUseImage`), M6
 * (`membersOf`), and its visible images. None reveals an image to a principal who may not see
 * it (S1): an unknown principal sees nothing.
 *
 * @module
 */
import type { Image, Membership } from '../entities.js';
import { notFound } from '../errors.js';
import { forEach, values } from '../internal/pmap.js';
import type { QueryResult } from '../result.js';
import { usableIn, viewImage } from '../rules/access.js';
import type { MembershipStatus } from '../rules/limits.js';
import * as store from '../state/store.js';
import type { State } from '../state/store.js';

/**
 * M5: whether some project of the principal's account can use the image: it owns it, or holds
 * an accepted membership of it. Pending and rejected images are not usable.
 *
 * @example
 * ```ts
 * canUseImage(state, 'bob', 'img-1'); // true once bob accepted img-1
 * ```
 */
export function canUseImage(state: State, principalId: string, imageId: string): boolean {
  const accountId = store.principal(state, principalId)?.accountId;
  if (accountId === undefined) return false;
  const view = viewImage(state, accountId, imageId);
  return view !== undefined && (view.owned || view.memberships.some((m) => usableIn(view.rec, m.projectId)));
}

function collect(state: State, principalId: string, regionId: string, pick: (rec: store.ProjectRecord, add: (id: string) => void) => void): Image[] {
  const accountId = store.principal(state, principalId)?.accountId;
  if (accountId === undefined) return [];
  const seen = new Set<string>();
  const out: Image[] = [];
  for (const p of store.accountProjects(state, accountId, regionId)) {
    pick(store.projectRecord(state, p.id) as store.ProjectRecord, (id) => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push(store.image(state, id) as Image);
    });
  }
  return out;
}

/**
 * The images the principal's account can use in a region: those its projects own, and those
 * they accepted (M5).
 *
 * @example
 * ```ts
 * visibleImages(state, 'bob', 'cn-north-4').map((i) => i.id);
 * ```
 */
export function visibleImages(state: State, principalId: string, regionId: string): readonly Image[] {
  return Object.freeze(collect(state, principalId, regionId, (rec, add) => {
    forEach(rec.owned, (_, id) => add(id));
    forEach(rec.received.accepted, (_, id) => add(id));
  }));
}

/**
 * Which memberships {@link imagesSharedWith} lists.
 *
 * @example
 * ```ts
 * const options: SharedWithOptions = { status: 'pending' };
 * ```
 */
export interface SharedWithOptions {
  readonly status?: MembershipStatus | 'all';
}

const ALL_STATUSES: readonly MembershipStatus[] = ['pending', 'accepted', 'rejected'];

/**
 * M4, "Images Shared with Me": the images shared with the principal's account in a region.
 * By default the accepted ones; `{ status: 'pending' }` gives those awaiting an answer (their
 * count is the red dot); rejected ones only when asked for (`'rejected'` or `'all'`).
 * Cost is proportional to the result.
 *
 * @example
 * ```ts
 * const redDot = imagesSharedWith(state, 'bob', 'cn-north-4', { status: 'pending' }).length;
 * ```
 */
export function imagesSharedWith(state: State, principalId: string, regionId: string, options: SharedWithOptions = {}): readonly Image[] {
  const status = options.status ?? 'accepted';
  const statuses = status === 'all' ? ALL_STATUSES : ALL_STATUSES.includes(status) ? [status] : [];
  return Object.freeze(collect(state, principalId, regionId, (rec, add) => {
    for (const s of statuses) forEach(rec.received[s], (_, id) => add(id));
  }));
}

/**
 * M6: the memberships of an image that the principal may see: all of them for the owner's
 * account, only its own for a member, and `not_found` (entity `image`) for anyone else (S1).
 *
 * @example
 * ```ts
 * const r = membersOf(state, 'alice', 'img-1');
 * if (r.ok) r.value.map((m) => `${m.projectId}: ${m.status}`);
 * ```
 */
export function membersOf(state: State, principalId: string, imageId: string): QueryResult<readonly Membership[]> {
  const accountId = store.principal(state, principalId)?.accountId;
  const view = accountId === undefined ? undefined : viewImage(state, accountId, imageId);
  if (view === undefined) return Object.freeze({ ok: false, error: notFound('M6', 'image', imageId) });
  const value = view.owned ? values(view.rec.members) : [...view.memberships];
  return Object.freeze({ ok: true, value: Object.freeze(value) });
}
