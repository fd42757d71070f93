/**
 * The reference model: a second, deliberately plain implementation of the rules, in mutable
 * style (Maps, loops, no immer, no tries). It is the oracle of the differential tests and the
 * floor of the benchmark. It shares nothing with the library but the input schemas and the
 * tables of data (limits, codes); every rule is written again here, in the order SPEC and
 * docs/concepts.md give.
 *
 * @module
 */
import type { Catalogue, Region } from '../../catalogue.js';
import type { ImageKind, MembershipStatus, ServerFlavor, WorldConfig, WorldConfigInput } from '../../rules/limits.js';
import { resolveConfig } from '../../state/world.js';
import type { Snapshot } from '../../snapshot/format.js';

/**
 * A mutable account.
 *
 * @example
 * ```ts
 * const account: RefAccount | undefined = model.accounts.get('a0');
 * ```
 */
export interface RefAccount { id: string; name: string; site: string; projects: string[] }
/**
 * A mutable project.
 *
 * @example
 * ```ts
 * const project: RefProject | undefined = model.projects.get('a0:cn-north-4');
 * ```
 */
export interface RefProject { id: string; accountId: string; regionId: string; name: string; isDefault: boolean }
/**
 * A mutable membership.
 *
 * @example
 * ```ts
 * const m: RefMember | undefined = model.images.get('a0-img0')?.members.get('a1:cn-north-4');
 * ```
 */
export interface RefMember { status: MembershipStatus; since: number }
/**
 * A mutable image.
 *
 * @example
 * ```ts
 * const image: RefImage | undefined = model.images.get('a0-img0');
 * ```
 */
export interface RefImage {
  id: string; name: string; kind: ImageKind; projectId: string; encrypted: boolean;
  derivedFrom: string | undefined; sourceServerId: string | undefined; createdAt: number;
  members: Map<string, RefMember>;
}
/**
 * A mutable server.
 *
 * @example
 * ```ts
 * const server: RefServer | undefined = model.servers.get('vm-1');
 * ```
 */
export interface RefServer { id: string; projectId: string; az: string; flavor: ServerFlavor; imageId: string; eip: string | undefined }
/**
 * A mutable disk.
 *
 * @example
 * ```ts
 * const disk: RefDisk | undefined = model.disks.get('disk-1');
 * ```
 */
export interface RefDisk { id: string; projectId: string; az: string; imageId: string | undefined }

/**
 * The reference model's state, mutated in place by its commands.
 *
 * @example
 * ```ts
 * const model = ReferenceModel.fromSnapshot(toSnapshot(state));
 * applyReference(model, { type: 'share', actor: 'a0', imageId: 'a0-img0', targets: [{ account: 'a1' }] });
 * ```
 */
export class ReferenceModel {
  version = 0;
  readonly regions = new Map<string, Region>();
  readonly sites = new Set<string>();
  readonly accounts = new Map<string, RefAccount>();
  readonly accountByName = new Map<string, string>();
  /** principal id -> account id */
  readonly principals = new Map<string, string>();
  readonly iamUsers = new Set<string>();
  readonly projects = new Map<string, RefProject>();
  readonly images = new Map<string, RefImage>();
  readonly usedImageIds = new Set<string>();
  /** `${accountId}\u0000${regionId}` -> number of owned images (W3) */
  readonly imageCounts = new Map<string, number>();
  readonly servers = new Map<string, RefServer>();
  readonly disks = new Map<string, RefDisk>();
  /** project id -> ids of the images it owns */
  readonly owned = new Map<string, Set<string>>();
  /** project id -> ids of the images it holds a membership of */
  readonly received = new Map<string, Set<string>>();
  /** image id -> ids of the images derived from it (R3, E3) */
  readonly derived = new Map<string, Set<string>>();
  /** image id -> ids of the servers running it */
  readonly serversOf = new Map<string, Set<string>>();
  /** image id -> ids of the disks holding it */
  readonly disksOf = new Map<string, Set<string>>();

  constructor(readonly catalogue: Catalogue, readonly config: WorldConfig) {
    for (const s of catalogue.sites) this.sites.add(s.id);
    for (const r of catalogue.regions) this.regions.set(r.id, r);
  }

  /** Loads a library snapshot. */
  static fromSnapshot(s: Snapshot): ReferenceModel {
    const config: WorldConfig = resolveConfig(s.config as WorldConfigInput);
    const m = new ReferenceModel(s.catalogue as Catalogue, config);
    m.version = s.version;
    for (const a of s.accounts) {
      m.accounts.set(a.id, { id: a.id, name: a.name, site: a.site, projects: [] });
      m.accountByName.set(a.name, a.id);
      m.principals.set(a.id, a.id);
    }
    for (const u of s.iamUsers) {
      m.principals.set(u.id, u.accountId);
      m.iamUsers.add(u.id);
    }
    for (const p of s.projects) {
      m.projects.set(p.id, { ...p });
      m.accounts.get(p.accountId)?.projects.push(p.id);
    }
    for (const i of s.images) {
      m.images.set(i.id, {
        id: i.id, name: i.name, kind: i.kind, projectId: i.ownerProjectId, encrypted: i.encrypted,
        derivedFrom: i.derivedFrom, sourceServerId: i.sourceServerId, createdAt: i.createdAt, members: new Map(),
      });
      m.usedImageIds.add(i.id);
      m.bumpCount(i.ownerProjectId, 1);
      m.index(m.owned, i.ownerProjectId, i.id, true);
    }
    for (const i of s.deletedImages) {
      m.usedImageIds.add(i.id);
      if (i.derivedFrom !== undefined) m.index(m.derived, i.derivedFrom, i.id);
    }
    for (const x of s.memberships) {
      m.images.get(x.imageId)?.members.set(x.projectId, { status: x.status, since: x.since });
      m.index(m.received, x.projectId, x.imageId, true);
    }
    for (const i of s.images) if (i.derivedFrom !== undefined) m.index(m.derived, i.derivedFrom, i.id);
    for (const x of s.servers) {
      m.servers.set(x.id, { ...x, eip: x.eip });
      m.index(m.serversOf, x.imageId, x.id);
    }
    for (const x of s.disks) {
      m.disks.set(x.id, { ...x, imageId: x.imageId });
      if (x.imageId !== undefined) m.index(m.disksOf, x.imageId, x.id);
    }
    return m;
  }

  /** Adds `id` to (or, with `add` false, removes it from) the set under `key` of an index. */
  index(table: Map<string, Set<string>>, key: string, id: string, add = true): void {
    let set = table.get(key);
    if (set === undefined) table.set(key, (set = new Set()));
    if (add) set.add(id);
    else set.delete(id);
  }

  /** W3: adds `delta` to the image count of the project's account and region. */
  bumpCount(projectId: string, delta: number): void {
    const p = this.projects.get(projectId) as RefProject;
    const key = `${p.accountId}\u0000${p.regionId}`;
    this.imageCounts.set(key, (this.imageCounts.get(key) ?? 0) + delta);
  }

  /** W3: the images the account owns in the region. */
  countOf(accountId: string, regionId: string): number {
    return this.imageCounts.get(`${accountId}\u0000${regionId}`) ?? 0;
  }

  /** The region of an image (its project's). */
  regionOf(image: RefImage): string {
    return (this.projects.get(image.projectId) as RefProject).regionId;
  }

  /** The account that owns an image. */
  ownerOf(image: RefImage): string {
    return (this.projects.get(image.projectId) as RefProject).accountId;
  }

  /** The account's projects in a region. */
  projectsIn(accountId: string, regionId: string): RefProject[] {
    const out: RefProject[] = [];
    for (const id of (this.accounts.get(accountId) as RefAccount).projects) {
      const p = this.projects.get(id) as RefProject;
      if (p.regionId === regionId) out.push(p);
    }
    return out;
  }

  /** The account's memberships of the image (as project ids). */
  membershipsOf(accountId: string, image: RefImage): string[] {
    const out: string[] = [];
    for (const p of this.projectsIn(accountId, this.regionOf(image))) if (image.members.has(p.id)) out.push(p.id);
    return out;
  }

  /** M5: whether the project owns the image or accepted it. */
  usableIn(image: RefImage, projectId: string): boolean {
    return image.projectId === projectId || image.members.get(projectId)?.status === 'accepted';
  }

  /** S4: the accepted members of an image, counted. */
  acceptedCount(image: RefImage): number {
    let n = 0;
    for (const m of image.members.values()) if (m.status === 'accepted') n++;
    return n;
  }

  // Queries, as the library's (M4, M5).

  /** M5: as the library's `canUseImage`. */
  canUseImage(principalId: string, imageId: string): boolean {
    const accountId = this.principals.get(principalId);
    const image = this.images.get(imageId);
    if (accountId === undefined || image === undefined) return false;
    if (this.ownerOf(image) === accountId) return true;
    return this.membershipsOf(accountId, image).some((p) => image.members.get(p)?.status === 'accepted');
  }

  /** M4: as the library's `imagesSharedWith`, as sorted ids. */
  imagesSharedWith(principalId: string, regionId: string, status: MembershipStatus | 'all' = 'accepted'): string[] {
    const accountId = this.principals.get(principalId);
    if (accountId === undefined) return [];
    const ids = new Set<string>();
    for (const p of this.projectsIn(accountId, regionId)) {
      for (const id of this.received.get(p.id) ?? []) {
        const m = this.images.get(id)?.members.get(p.id);
        if (m !== undefined && (status === 'all' || m.status === status)) ids.add(id);
      }
    }
    return [...ids].sort();
  }

  /** M5: as the library's `visibleImages`, as sorted ids. */
  visibleImages(principalId: string, regionId: string): string[] {
    const accountId = this.principals.get(principalId);
    if (accountId === undefined) return [];
    const ids = new Set<string>();
    for (const p of this.projectsIn(accountId, regionId)) {
      for (const id of this.owned.get(p.id) ?? []) ids.add(id);
      for (const id of this.received.get(p.id) ?? []) {
        if (this.images.get(id)?.members.get(p.id)?.status === 'accepted') ids.add(id);
      }
    }
    return [...ids].sort();
  }

  /**
   * X1, plainly: the accounts exposed to an image's data, with `current` or `potential`
   * access (owner, members, servers, disks, and the same for every derived image).
   */
  exposureAccounts(imageId: string): Map<string, 'current' | 'potential'> {
    const out = new Map<string, 'current' | 'potential'>();
    const offer = (account: string, access: 'current' | 'potential') => {
      if (out.get(account) !== 'current') out.set(account, access);
    };
    const queue = [imageId];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const id = queue.shift() as string;
      const image = this.images.get(id);
      if (image !== undefined) {
        offer(this.ownerOf(image), 'current');
        for (const [projectId, m] of image.members) offer((this.projects.get(projectId) as RefProject).accountId, m.status === 'accepted' ? 'current' : 'potential');
      }
      for (const serverId of this.serversOf.get(id) ?? []) {
        const server = this.servers.get(serverId) as RefServer;
        offer((this.projects.get(server.projectId) as RefProject).accountId, 'current');
      }
      for (const diskId of this.disksOf.get(id) ?? []) {
        const disk = this.disks.get(diskId) as RefDisk;
        offer((this.projects.get(disk.projectId) as RefProject).accountId, 'current');
      }
      for (const child of this.derived.get(id) ?? []) {
        if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    return out;
  }
}
