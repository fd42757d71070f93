/**
 * F2, images: W4 creation times, lineage (R1, R2, R3, E3), memberships (S3, S4, S5, M1).
 * Internal: not part of the public API.
 * @module
 */
import type { Image, Membership, Project } from '../entities.js';
import { forEach, get, size } from '../internal/pmap.js';
import { SERVER_CAPTURE_KINDS } from '../rules/limits.js';
import * as store from '../state/store.js';
import type { Bad, View } from './view.js';

/** Lineage rules of one image, live or deleted (R1, R2, R3, E3, W4). */
function checkLineage(v: View, img: Image, owner: Project, bad: Bad): void {
  const state = v.state;
  if (img.createdAt < 1 || img.createdAt > state.version) bad('W4', `image ${img.id} was made at ${img.createdAt}, outside 1..${state.version}`);
  if (img.derivedFrom === undefined) return;
  const parent = v.anyImage(img.derivedFrom);
  const parentOwner = parent === undefined ? undefined : v.project(parent.ownerProjectId);
  if (parent === undefined || parentOwner === undefined) {
    bad('R3', `image ${img.id} derives from ${img.derivedFrom}, which never existed`);
    return;
  }
  if (parent.createdAt >= img.createdAt) bad('R3', `image ${img.id} was made before its parent ${parent.id}`);
  if (img.sourceServerId !== undefined) {
    const server = store.server(state, img.sourceServerId);
    const serverProject = server === undefined ? undefined : v.project(server.projectId);
    if (serverProject === undefined || serverProject.accountId !== owner.accountId || serverProject.regionId !== owner.regionId) {
      bad('E3', `image ${img.id} was made from server ${img.sourceServerId} of another account or region`);
    }
    if (!SERVER_CAPTURE_KINDS.includes(img.kind)) bad('E3', `image ${img.id} made from a server is ${img.kind}`);
    return;
  }
  if (img.kind !== parent.kind) bad('R3', `copy ${img.id} is ${img.kind} but its source ${parent.id} is ${parent.kind}`);
  const sameRegion = parentOwner.regionId === owner.regionId;
  if (!sameRegion && parentOwner.accountId !== owner.accountId) bad('R2', `copy ${img.id} crosses regions and accounts at once`);
  if (img.encrypted && parentOwner.accountId !== owner.accountId) bad('R1', `encrypted image ${img.id} is a copy of another account's image`);
}

/**
 * W4: no two images made at one version. Versions lie in 0..version, so when that range is not
 * much larger than the number of images, one byte per version finds a repeat; otherwise a set.
 * The images of a repeated version are named in a second pass (only when there is one).
 */
class MadeAt {
  private readonly marks: Uint8Array | undefined;
  private readonly seenVersions = new Set<number>();
  readonly repeated = new Set<number>();

  constructor(version: number, images: number) {
    this.marks = Number.isSafeInteger(version) && version >= 0 && version <= 8 * images + 1024 ? new Uint8Array(version + 1) : undefined;
  }

  add(createdAt: number): void {
    const marks = this.marks;
    if (marks !== undefined && Number.isInteger(createdAt) && createdAt >= 0 && createdAt < marks.length) {
      if (marks[createdAt] === 0) marks[createdAt] = 1;
      else this.repeated.add(createdAt);
      return;
    }
    if (this.seenVersions.has(createdAt)) this.repeated.add(createdAt);
    this.seenVersions.add(createdAt);
  }
}

/**
 * Internal: the first look at every image (W4: a creation time of its own), which picks the
 * images that need more: those with a parent or a time outside the clock (their lineage reads
 * their owner), and those with memberships. `checkInvariants` makes one as it walks the images;
 * `fromSnapshot` feeds one the images of the snapshot as it makes their records, so a load
 * does not walk a million images twice.
 */
export class ImageScan {
  private readonly madeAt: MadeAt;
  /** Images whose lineage or creation time needs their owner. */
  readonly deeper: Image[] = [];
  /** Records with memberships (or, in a state from anywhere, anything counted about them). */
  readonly shared: store.ImageRecord[] = [];

  constructor(private readonly version: number, images: number) {
    this.madeAt = new MadeAt(version, images);
  }

  /** Looks at one image, live or deleted. */
  image(img: Image): void {
    this.madeAt.add(img.createdAt);
    if (img.derivedFrom !== undefined || img.createdAt < 1 || img.createdAt > this.version) this.deeper.push(img);
  }

  /** Looks at a live image's record. */
  record(rec: store.ImageRecord): void {
    this.image(rec.image);
    if (rec.members.size > 0 || rec.memberSeq.size > 0 || rec.accepted !== 0) this.shared.push(rec);
  }

  /** The versions at which more than one image was made. */
  get repeated(): ReadonlySet<number> {
    return this.madeAt.repeated;
  }
}

/** The scan of a state's images, with the index checks of each (a state from anywhere). */
function scanState(v: View, bad: Bad): ImageScan {
  const t = v.state.tables;
  const scan = new ImageScan(v.state.version, size(t.images) + size(t.retired));
  forEach(t.retired, (r, id) => {
    if (r.image.id !== id) bad('W2', `deleted image key ${id} holds ${r.image.id}`);
    if (get(t.images, id) !== undefined) bad('W2', `image ${id} is both live and deleted`);
    if (v.project(r.image.ownerProjectId) === undefined) bad('W2', `image ${r.image.id} has no owner project`);
    scan.image(r.image);
  });
  forEach(t.images, (rec, id) => {
    const img = rec.image;
    if (img.id !== id) {
      bad('W2', `image key ${id} holds ${img.id}`);
      return;
    }
    const owner = v.projects.get(img.ownerProjectId);
    if (owner === undefined) bad('W2', `image ${id} has no owner project`);
    else if (get(owner.owned, id) !== true) bad('W2', `image ${id} is not indexed by its project`);
    scan.record(rec);
  });
  return scan;
}

/** W4, the lineage rules and the membership rules of every image that needs more than its first look. */
export function checkImages(v: View, bad: Bad, loaded?: ImageScan): void {
  const state = v.state;
  const scan = loaded ?? scanState(v, bad);
  for (const img of scan.deeper) {
    const owner = v.project(img.ownerProjectId);
    if (owner !== undefined) checkLineage(v, img, owner, bad);
  }
  const limits = state.config.shareLimits;
  for (const rec of scan.shared) {
    const img = rec.image;
    const id = img.id;
    const owner = v.project(img.ownerProjectId);
    if (owner === undefined) continue;
    let accepted = 0;
    forEach(rec.members, (m: Membership, projectId) => {
      const member = v.projects.get(projectId);
      // The indexes (creation order, the member's received list): built by a load from these very memberships.
      if (v.indexes && get(rec.memberSeq, projectId) === undefined) bad('M1', `membership ${id}/${projectId} has no place in creation order`);
      if (m.imageId !== id || m.projectId !== projectId || member === undefined) {
        bad('M1', `membership ${id}/${projectId} names an unknown project`);
        return;
      }
      if (member.project.regionId !== owner.regionId) bad('S3', `membership ${id}/${projectId} is outside the image's region`);
      if (projectId === owner.id) bad('S3', `image ${id} is shared with its own project`);
      if (m.since < img.createdAt || m.since > state.version) bad('W4', `membership ${id}/${projectId} changed at ${m.since}, outside ${img.createdAt}..${state.version}`);
      if (v.indexes && get(member.received[m.status], id) !== m) bad('M1', `membership ${id}/${projectId} is not indexed by its project`);
      if (m.status === 'accepted') accepted++;
    });
    if (size(rec.memberSeq) !== size(rec.members)) bad('M1', `image ${id} orders ${size(rec.memberSeq)} memberships but holds ${size(rec.members)}`);
    if (accepted !== rec.accepted) bad('S4', `image ${id} counts ${rec.accepted} accepted members but has ${accepted}`);
    if (accepted > limits[img.kind]) bad('S4', `image ${id} has ${accepted} accepted members, over its limit`);
    if (img.encrypted && size(rec.members) > 0) bad('S5', `encrypted image ${id} is shared`);
  }
  if (scan.repeated.size > 0) {
    const byVersion = new Map<number, string[]>();
    const note = (img: Image): void => {
      if (scan.repeated.has(img.createdAt)) byVersion.set(img.createdAt, [...(byVersion.get(img.createdAt) ?? []), img.id]);
    };
    forEach(state.tables.retired, (r) => note(r.image));
    forEach(state.tables.images, (r) => note(r.image));
    for (const [at, ids] of byVersion) bad('W4', `images ${ids.join(' and ')} were both made at version ${at}`);
  }
}

