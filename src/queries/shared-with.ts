/**
 * What a principal may see and use: M4 ("Images Shared with Me"), M5 (`canUseImage`), M6
 * (`membersOf`), and its visible images. None reveals an image to a principal who may not see
 * it (S1): an unknown principal sees nothing.
 *
 * @module
 */
import type { Image, Membership } from '../entities.js';
import { notFound } from '../errors.js';
import { forEach } from '../internal/pmap.js';
import type { QueryResult } from '../result.js';
import { usableIn, viewImage } from '../rules/access.js';
import type { MembershipStatus } from '../vocabulary.js';
import { imagesInOrder, membersInOrder } from '../state/order.js';
import * as store from '../state/store.js';
import { type State, isId, isState } from '../state/store.js';

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
  if (!isState(state) || !isId(imageId)) return false;
  const accountId = principalAccount(state, principalId);
  if (accountId === undefined) return false;
  const view = viewImage(state, accountId, imageId);
  return view !== undefined && (view.owned || view.memberships.some((m) => usableIn(view.rec, m.projectId)));
}

/** The account a principal acts for, or `undefined` for anything that is not a principal's id (F3). */
function principalAccount(state: State, principalId: unknown): string | undefined {
  return isId(principalId) ? store.principal(state, principalId)?.accountId : undefined;
}

const NONE: readonly Image[] = Object.freeze([]);

/** The images `pick` names in the principal's projects of the region, each once, in creation order (F1). */
function collect(state: State, principalId: string, regionId: string, pick: (rec: store.ProjectRecord, add: (id: string) => void) => void): readonly Image[] {
  if (!isState(state) || !isId(regionId)) return NONE;
  const accountId = principalAccount(state, principalId);
  if (accountId === undefined) return NONE;
  const seen = new Set<string>();
  const out: Image[] = [];
  for (const p of store.accountProjects(state, accountId, regionId)) {
    pick(store.projectRecord(state, p.id) as store.ProjectRecord, (id) => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push(store.image(state, id) as Image);
    });
  }
  return Object.freeze(imagesInOrder(out));
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
  return collect(state, principalId, regionId, (rec, add) => {
    forEach(rec.owned, (_, id) => add(id));
    forEach(rec.received.accepted, (_, id) => add(id));
  });
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

/** The `status` option, read once and safely (F3): anything unreadable reads as the default. */
function readStatus(options: unknown): unknown {
  try {
    const status: unknown = typeof options === 'object' && options !== null ? (options as SharedWithOptions).status : undefined;
    return status ?? 'accepted';
  } catch {
    return 'accepted';
  }
}

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
  const status = readStatus(options);
  const statuses = status === 'all' ? ALL_STATUSES : ALL_STATUSES.filter((s) => s === status);
  return collect(state, principalId, regionId, (rec, add) => {
    for (const s of statuses) forEach(rec.received[s], (_, id) => add(id));
  });
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
  const accountId = isState(state) && isId(imageId) ? principalAccount(state, principalId) : undefined;
  const view = accountId === undefined ? undefined : viewImage(state, accountId, imageId);
  if (view === undefined) return Object.freeze({ ok: false, error: notFound('M6', 'image', typeof imageId === 'string' ? imageId : '') });
  const value = view.owned ? membersInOrder(view.rec) : [...view.memberships];
  return Object.freeze({ ok: true, value: Object.freeze(value) });
}
