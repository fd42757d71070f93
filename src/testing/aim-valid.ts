/**
 * Aiming a plan at a command that the rules accept (SPEC §10: a bias toward valid commands).
 * For each command type, the candidates that satisfy its rules in the given state are listed
 * from the id pools, and the plan's numbers pick one by rendezvous hashing (stable while
 * shrinking); when there is none, the caller falls back to aiming anywhere. New ids are always
 * given (the wild aims leave some out, for F5's minted ids); the actor is the account or, now
 * and then, one of its IAM users.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Image, Project, Server } from '../entities.js';
import type { Command } from '../input/apply.js';
import type { CommandType } from '../input/schemas.js';
import { getAccount, getIamUser, getImage, getMembership } from '../queries/getters.js';
import { listImages, listMemberships } from '../queries/listings.js';
import { CHANGE_OS_IMAGE_KINDS, DISK_IMAGE_KINDS, NON_REPLICABLE_KINDS, SERVER_CAPTURE_KINDS, SERVER_IMAGE_KINDS } from '../rules/limits.js';
import type { State } from '../state/store.js';
import { IMAGE_KINDS, SERVER_FLAVORS } from '../vocabulary.js';
import { hashString } from '../internal/pmap.js';
import type { Picker } from './picker.js';
import type { IdPools } from './pools.js';

/** What valid aiming needs to know of a state, computed once per resolution. */
class View {
  readonly projectById = new Map<string, Project>();
  private readonly users = new Map<string, string[]>();

  constructor(readonly state: State, readonly pools: IdPools, readonly k: Picker) {
    for (const p of pools.projects) this.projectById.set(p.id, p);
    for (const id of pools.principals) {
      const u = getIamUser(state, id);
      if (u === undefined) continue;
      const list = this.users.get(u.accountId);
      if (list === undefined) this.users.set(u.accountId, [id]);
      else list.push(id);
    }
  }

  /** The account, or now and then one of its IAM users (they act with its rights). */
  actor(accountId: string): string {
    const users = this.users.get(accountId) ?? [];
    return users.length > 0 && this.k.rare(26) ? (this.k.from(users) as string) : accountId;
  }

  accountOf(projectId: string): string {
    return (this.projectById.get(projectId) as Project).accountId;
  }

  regionOf(image: Image): string {
    return (this.projectById.get(image.ownerProjectId) as Project).regionId;
  }

  site(accountId: string): string {
    return getAccount(this.state, accountId)?.site ?? '';
  }

  hasQuota(accountId: string, regionId: string): boolean {
    return listImages(this.state, { accountId, regionId }).length < this.state.config.privateImageQuota;
  }

  acceptedCount(imageId: string): number {
    return listMemberships(this.state, { imageId, status: 'accepted' }).length;
  }

  offered(regionId: string, accountId: string): boolean {
    return this.state.catalogue.regions.some((r) => r.id === regionId && r.sites.includes(this.site(accountId)));
  }

  /**
   * A fresh id that does not depend on the state's version, so that a shrunk run (fewer
   * commands before this one) still names the same new entity.
   */
  fresh(prefix: string): string {
    return `${prefix}${this.k.n()}`;
  }

  /**
   * One of `items`, chosen by rendezvous hashing on its key: the choice stays the same when
   * other candidates come or go, so removing an unrelated command while shrinking leaves this
   * command aimed where it was.
   */
  pick<T>(items: readonly T[], key: (item: T) => string): T | undefined {
    const n = this.k.n();
    let best: T | undefined;
    let bestScore = Infinity;
    for (const item of items) {
      const score = Math.imul(hashString(key(item)) ^ n, 0x9e3779b1) >>> 0;
      if (score < bestScore) {
        bestScore = score;
        best = item;
      }
    }
    return best;
  }

  /** M5: the image (live) is owned by the project or accepted there. */
  usable(imageId: string, projectId: string): boolean {
    const image = getImage(this.state, imageId);
    return image !== undefined && (image.ownerProjectId === projectId || getMembership(this.state, imageId, projectId)?.status === 'accepted');
  }

  /** Every (image, project) pair where the image is usable, optionally of some kinds. */
  usablePairs(kinds: readonly Image['kind'][]): { image: Image; project: Project }[] {
    const out: { image: Image; project: Project }[] = [];
    for (const image of this.pools.images) {
      if (!kinds.includes(image.kind)) continue;
      out.push({ image, project: this.projectById.get(image.ownerProjectId) as Project });
      for (const m of listMemberships(this.state, { imageId: image.id, status: 'accepted' })) {
        out.push({ image, project: this.projectById.get(m.projectId) as Project });
      }
    }
    return out;
  }

  az(regionId: string): string {
    return this.k.from(this.state.catalogue.regions.find((r) => r.id === regionId)?.azs ?? []) ?? '';
  }
}

type Aim = (v: View) => Command | undefined;

const memberKey = (m: { imageId: string; projectId: string }): string => `${m.imageId}\u0000${m.projectId}`;
const pairKey = (p: { image: { id: string }; project: { id: string } }): string => `${p.image.id}\u0000${p.project.id}`;

const decide = (to: 'accept' | 'reject'): Aim => (v) => {
  const from = to === 'accept' ? ['pending', 'rejected'] : ['pending', 'accepted'];
  const images = new Map(v.pools.images.map((i) => [i.id, i] as const));
  const candidates = v.pools.memberships.filter((m) => from.includes(m.status) &&
    (to === 'reject' || v.acceptedCount(m.imageId) < v.state.config.shareLimits[(images.get(m.imageId) as Image).kind]));
  const m = v.pick(candidates, memberKey);
  if (m === undefined) return undefined;
  const account = v.accountOf(m.projectId);
  const several = v.pools.memberships.filter((x) => x.imageId === m.imageId && v.accountOf(x.projectId) === account).length > 1;
  const base = { type: to, actor: v.actor(account), imageId: m.imageId } as const;
  return several || v.k.bit(16) ? { ...base, projectId: m.projectId } : base;
};

const AIMS: Record<CommandType, Aim> = {
  addAccount: (v) => ({ type: 'addAccount', id: v.fresh('acct'), name: v.fresh('Name '), site: v.k.from(v.pools.sites) ?? '' }),
  addIamUser: (v) => {
    const accountId = v.pick(v.pools.accounts, String);
    return accountId === undefined ? undefined : { type: 'addIamUser', id: v.fresh('user'), accountId };
  },
  addProject: (v) => {
    const accountId = v.pick(v.pools.accounts, String);
    if (accountId === undefined) return undefined;
    const region = v.pick(v.state.catalogue.regions.filter((r) => v.offered(r.id, accountId)), (r) => r.id);
    if (region === undefined) return undefined;
    return { type: 'addProject', actor: v.actor(accountId), id: v.fresh('proj'), regionId: region.id, name: v.fresh('project ') };
  },
  registerImage: (v) => {
    const p = v.pick(v.pools.projects.filter((x) => v.hasQuota(x.accountId, x.regionId)), (x) => x.id);
    if (p === undefined) return undefined;
    const kind = IMAGE_KINDS[v.k.n() % IMAGE_KINDS.length] as Image['kind'];
    const base = { type: 'registerImage', actor: v.actor(p.accountId), projectId: p.id, name: 'image', kind, encrypted: v.k.rare(11) } as const;
    return { ...base, id: v.fresh('img') };
  },
  share: (v) => {
    const images = v.pools.images.filter((i) => !i.encrypted && v.acceptedCount(i.id) < v.state.config.shareLimits[i.kind]);
    const image = v.pick(images, (i) => i.id);
    if (image === undefined) return undefined;
    const regionId = v.regionOf(image);
    const taken = new Set(listMemberships(v.state, { imageId: image.id }).filter((m) => m.status !== 'rejected').map((m) => m.projectId));
    const targets = v.pools.projects.filter((p) => p.regionId === regionId && p.id !== image.ownerProjectId && !taken.has(p.id));
    const p = v.pick(targets, (x) => x.id);
    if (p === undefined) return undefined;
    const account = v.k.bit(3) ? (getAccount(v.state, p.accountId)?.name ?? p.accountId) : p.accountId;
    const target = p.isDefault && v.k.bit(5) ? { account } : { account, project: p.id };
    return { type: 'share', actor: v.actor(v.accountOf(image.ownerProjectId)), imageId: image.id, targets: [target] };
  },
  accept: decide('accept'),
  reject: decide('reject'),
  stopSharing: (v) => {
    const m = v.pick(v.pools.memberships, memberKey);
    if (m === undefined) return undefined;
    const image = v.pools.images.find((i) => i.id === m.imageId) as Image;
    const base = { type: 'stopSharing', actor: v.actor(v.accountOf(image.ownerProjectId)), imageId: m.imageId } as const;
    return v.k.bit(14) ? base : { ...base, targets: [{ account: v.accountOf(m.projectId), project: m.projectId }] };
  },
  delete: (v) => deleteAim(v, 'delete'),
  deleteImage: (v) => deleteAim(v, 'deleteImage'),
  replicate: (v) => {
    const pairs = v.usablePairs(IMAGE_KINDS.filter((k) => !NON_REPLICABLE_KINDS.includes(k)))
      .filter(({ project }) => v.hasQuota(project.accountId, project.regionId));
    const pick = v.pick(pairs, pairKey);
    if (pick === undefined) return undefined;
    const owned = pick.image.ownerProjectId === pick.project.id;
    const base = { type: 'replicate', actor: v.actor(pick.project.accountId), imageId: pick.image.id, projectId: pick.project.id } as const;
    const withId = { ...base, newImageId: v.fresh('copy') };
    return owned && v.k.bit(12) ? { ...withId, encrypted: v.k.bit(13) } : withId;
  },
  replicateAcrossRegion: (v) => {
    const choices: { image: Image; regionId: string }[] = [];
    for (const image of v.pools.images) {
      if (image.encrypted) continue;
      const accountId = v.accountOf(image.ownerProjectId);
      for (const r of v.state.catalogue.regions) {
        if (r.id !== v.regionOf(image) && v.offered(r.id, accountId) && v.hasQuota(accountId, r.id)) choices.push({ image, regionId: r.id });
      }
    }
    const pick = v.pick(choices, (c) => `${c.image.id}\u0000${c.regionId}`);
    if (pick === undefined) return undefined;
    const base = {
      type: 'replicateAcrossRegion', actor: v.actor(v.accountOf(pick.image.ownerProjectId)), imageId: pick.image.id, targetRegionId: pick.regionId,
    } as const;
    return { ...base, newImageId: v.fresh('xr') };
  },
  createServer: (v) => {
    const pick = v.pick(v.usablePairs(SERVER_IMAGE_KINDS), pairKey);
    if (pick === undefined) return undefined;
    const base = {
      type: 'createServer', actor: v.actor(pick.project.accountId), projectId: pick.project.id, az: v.az(pick.project.regionId),
      imageId: pick.image.id, flavor: SERVER_FLAVORS[v.k.n() % SERVER_FLAVORS.length] as Server['flavor'],
    } as const;
    const withId = { ...base, id: v.fresh('vm') };
    return v.k.bit(16) ? { ...withId, eip: `eip-${v.k.n()}` } : withId;
  },
  reinstallOs: (v) => {
    const server = v.pick(v.pools.servers.filter((s) => v.usable(s.imageId, s.projectId)), (x) => x.id);
    return server === undefined ? undefined : { type: 'reinstallOs', actor: v.actor(v.accountOf(server.projectId)), serverId: server.id };
  },
  changeOs: (v) => {
    const choices: { server: Server; image: Image }[] = [];
    for (const server of v.pools.servers) {
      const account = v.accountOf(server.projectId);
      for (const image of v.pools.images) {
        if (!CHANGE_OS_IMAGE_KINDS.includes(image.kind) || !v.usable(image.id, server.projectId)) continue;
        if (server.flavor === 'hecs' && v.accountOf(image.ownerProjectId) !== account) continue;
        choices.push({ server, image });
      }
    }
    const pick = v.pick(choices, (c) => `${c.server.id}\u0000${c.image.id}`);
    return pick === undefined ? undefined : { type: 'changeOs', actor: v.actor(v.accountOf(pick.server.projectId)), serverId: pick.server.id, imageId: pick.image.id };
  },
  createImageFromServer: (v) => {
    const server = v.pick(v.pools.servers.filter((s) => {
      const p = v.projectById.get(s.projectId) as Project;
      return v.hasQuota(p.accountId, p.regionId);
    }), (x) => x.id);
    if (server === undefined) return undefined;
    const kind = SERVER_CAPTURE_KINDS[v.k.n() % SERVER_CAPTURE_KINDS.length] as Image['kind'];
    const base = { type: 'createImageFromServer', actor: v.actor(v.accountOf(server.projectId)), serverId: server.id, name: 'snapshot', kind } as const;
    return { ...base, newImageId: v.fresh('snap') };
  },
  createDataDisk: (v) => {
    const pick = v.pick(v.usablePairs(DISK_IMAGE_KINDS), pairKey);
    const project = pick?.project ?? v.pick(v.pools.projects, (x) => x.id);
    if (project === undefined) return undefined;
    const base = { type: 'createDataDisk', actor: v.actor(project.accountId), projectId: project.id, az: v.az(project.regionId) } as const;
    const withImage = pick === undefined || v.k.rare(15) ? base : { ...base, imageId: pick.image.id };
    return { ...withImage, id: v.fresh('disk') };
  },
  restoreDataDisk: (v) => {
    const choices: { diskId: string; imageId: string; accountId: string }[] = [];
    for (const disk of v.pools.disks) {
      for (const image of v.pools.images) {
        if (DISK_IMAGE_KINDS.includes(image.kind) && image.ownerProjectId === disk.projectId) {
          choices.push({ diskId: disk.id, imageId: image.id, accountId: v.accountOf(disk.projectId) });
        }
      }
    }
    const pick = v.pick(choices, (c) => `${c.diskId}\u0000${c.imageId}`);
    return pick === undefined ? undefined : { type: 'restoreDataDisk', actor: v.actor(pick.accountId), diskId: pick.diskId, imageId: pick.imageId };
  },
};

function deleteAim(v: View, type: 'delete' | 'deleteImage'): Command | undefined {
  const image = v.pick(v.pools.images, (i) => i.id);
  return image === undefined ? undefined : { type, actor: v.actor(v.accountOf(image.ownerProjectId)), imageId: image.id };
}

/** A command of the plan's type that the rules accept in `state`, or `undefined` when there is none. */
export function aimValid(state: State, type: CommandType, pools: IdPools, k: Picker): Command | undefined {
  return AIMS[type](new View(state, pools, k));
}

