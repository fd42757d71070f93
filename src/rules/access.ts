/**
 * Who may see and use what: the actor (W2), visibility and ownership of images (S1, S2),
 * usability in a project (M5), and ownership of projects, servers and disks (E0).
 *
 * Every function returns either its answer or a {@link RuleViolation}; {@link isViolation}
 * tells them apart.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { DataDisk, Image, Membership, Project, Server } from '../entities.js';
import { type RuleId, type RuleViolation, notFound, violation } from '../errors.js';
import { forEach, get } from '../internal/pmap.js';
import { sortBy } from '../state/order.js';
import * as store from '../state/store.js';
import type { ImageRecord, State } from '../state/store.js';

/** Whether a rule returned a violation rather than its answer. */
export function isViolation(x: unknown): x is RuleViolation {
  return typeof x === 'object' && x !== null && typeof (x as RuleViolation).code === 'string' &&
    typeof (x as RuleViolation).rule === 'string';
}

/** W2: the account an actor (account or IAM user id) acts for. */
export function actorAccount(state: State, actor: string): string | RuleViolation {
  const p = store.principal(state, actor);
  return p === undefined ? notFound('W2', 'principal', actor) : p.accountId;
}

/** An image as one account sees it: whether it owns it, and its memberships of it in the image's region. */
export interface ImageView {
  readonly rec: ImageRecord;
  readonly image: Image;
  readonly regionId: string;
  readonly ownerAccountId: string;
  readonly owned: boolean;
  readonly memberships: readonly Membership[];
}

/**
 * S1: the image as `accountId` sees it, or `undefined` when the account may not see it: it is
 * neither the owner nor holds a membership (of any status) of it. The account's memberships
 * are found from the smaller side, its projects in the image's region or the image's members
 * (in no particular order: {@link inProjectOrder} orders them).
 */
export function viewImage(state: State, accountId: string, imageId: string): ImageView | undefined {
  const rec = store.imageRecord(state, imageId);
  return rec === undefined ? undefined : viewRecord(state, accountId, rec);
}

const NO_MEMBERSHIPS: readonly Membership[] = Object.freeze([]);

/** S1: {@link viewImage} of an image whose record is at hand. */
export function viewRecord(state: State, accountId: string, rec: ImageRecord): ImageView | undefined {
  const owner = store.project(state, rec.image.ownerProjectId) as Project;
  const mine = rec.members.size === 0 ? undefined : store.regionProjects(state, accountId, owner.regionId);
  const memberships = mine === undefined ? NO_MEMBERSHIPS : membershipsOf(rec, mine);
  const owned = owner.accountId === accountId;
  if (!owned && memberships.length === 0) return undefined;
  return { rec, image: rec.image, regionId: owner.regionId, ownerAccountId: owner.accountId, owned, memberships };
}

/** The memberships of an image held by an account's projects in its region. */
function membershipsOf(rec: ImageRecord, mine: store.RegionProjects): Membership[] {
  const out: Membership[] = [];
  const def = mine.defaultProject;
  if (store.projectCount(mine) <= rec.members.size) {
    // Nearly every account holds its default project alone in a region: one lookup.
    if (def !== undefined) {
      const m = get(rec.members, def.id);
      if (m !== undefined) out.push(m);
    }
    if (mine.others.size > 0) {
      forEach(mine.others, (_, projectId) => {
        const m = get(rec.members, projectId);
        if (m !== undefined) out.push(m);
      });
    }
  } else {
    forEach(rec.members, (m, projectId) => {
      if (store.indexedProject(mine, projectId) !== undefined) out.push(m);
    });
  }
  return out;
}

/** Memberships in the creation order of their projects (M3 names them in that order). */
export function inProjectOrder(state: State, memberships: readonly Membership[]): Membership[] {
  return sortBy([...memberships], (m) => (store.projectRecord(state, m.projectId) as store.ProjectRecord).seq);
}

/** S1: the image when `accountId` may see it, else `not_found` (entity `image`). */
export function visibleImage(state: State, accountId: string, imageId: string, rule: RuleId): ImageView | RuleViolation {
  return viewImage(state, accountId, imageId) ?? notFound(rule, 'image', imageId);
}

/**
 * S1, S2: the image when `accountId` owns it. A member that accepted it gets
 * `reshare_not_allowed` when `resharing`; any other member gets `not_image_owner`.
 */
export function ownedImage(state: State, accountId: string, imageId: string, resharing: boolean): ImageView | RuleViolation {
  const view = visibleImage(state, accountId, imageId, 'S1');
  if (isViolation(view) || view.owned) return view;
  if (resharing && view.memberships.some((m) => m.status === 'accepted')) {
    return violation({
      code: 'reshare_not_allowed', rule: 'S2', imageId,
      message: `image '${imageId}' was shared with you: replicate it to a private image first, then share the copy`,
    });
  }
  return violation({ code: 'not_image_owner', rule: 'S1', imageId, message: `only the owner of image '${imageId}' may do this` });
}

/** E0: a project of the actor's account, else `not_found` (entity `project`). */
export function ownProject(state: State, accountId: string, projectId: string, rule: RuleId): Project | RuleViolation {
  const p = store.project(state, projectId);
  return p !== undefined && p.accountId === accountId ? p : notFound(rule, 'project', projectId);
}

/** E0: a server of the actor's account, else `not_found` (entity `server`). */
export function ownServer(state: State, accountId: string, serverId: string): { server: Server; project: Project } | RuleViolation {
  const s = store.server(state, serverId);
  const p = s === undefined ? undefined : store.project(state, s.projectId);
  return s !== undefined && p !== undefined && p.accountId === accountId ? { server: s, project: p } : notFound('E0', 'server', serverId);
}

/** E0: a disk of the actor's account, else `not_found` (entity `disk`). */
export function ownDisk(state: State, accountId: string, diskId: string): { disk: DataDisk; project: Project } | RuleViolation {
  const d = store.disk(state, diskId);
  const p = d === undefined ? undefined : store.project(state, d.projectId);
  return d !== undefined && p !== undefined && p.accountId === accountId ? { disk: d, project: p } : notFound('E0', 'disk', diskId);
}

/** M5: whether the project owns the image or holds an accepted membership of it. */
export function usableIn(rec: ImageRecord, projectId: string): boolean {
  return rec.image.ownerProjectId === projectId || get(rec.members, projectId)?.status === 'accepted';
}

/** M5, D2: `image_not_usable` unless the image is usable in the project. */
export function requireUsable(view: ImageView, projectId: string, rule: RuleId = 'M5'): RuleViolation | undefined {
  if (usableIn(view.rec, projectId)) return undefined;
  return violation({
    code: 'image_not_usable', rule, imageId: view.image.id, projectId,
    message: `image '${view.image.id}' is not usable in project '${projectId}': it is neither owned there nor accepted there`,
  });
}

/** E6: `wrong_image_kind` unless the image's kind is one of `expected`. */
export function requireKind(img: Image, expected: readonly Image['kind'][]): RuleViolation | undefined {
  if (expected.includes(img.kind)) return undefined;
  return violation({
    code: 'wrong_image_kind', rule: 'E6', imageId: img.id, kind: img.kind, expected,
    message: `image '${img.id}' is a ${img.kind} image; this needs ${expected.join(' or ')}`,
  });
}

/** E1, E4, E5: `region_mismatch` unless the image is in `regionId`. */
export function requireRegion(view: ImageView, regionId: string, rule: RuleId): RuleViolation | undefined {
  if (view.regionId === regionId) return undefined;
  return violation({
    code: 'region_mismatch', rule, imageId: view.image.id, imageRegionId: view.regionId, regionId,
    message: `image '${view.image.id}' is in ${view.regionId}; it can only be used in that region, not in ${regionId}`,
  });
}

/** E1, E5: `not_found` (entity `az`) unless the AZ belongs to the region. */
export function requireAz(state: State, regionId: string, az: string, rule: RuleId): RuleViolation | undefined {
  const azs = store.region(state, regionId)?.azs ?? [];
  if (azs.includes(az)) return undefined;
  const home = state.catalogue.regions.find((r) => r.azs.includes(az));
  const where = home === undefined ? '' : `; '${az}' belongs to ${home.id}`;
  return notFound(rule, 'az', az, `the project is in ${regionId}, whose AZs are ${azs.join(', ')}${where}`);
}
