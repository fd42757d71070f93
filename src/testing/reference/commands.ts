/**
 * The reference model's commands: every rule written again, plainly, mutating the model in
 * place. A command checks everything first and changes the model only when it succeeds.
 *
 * @module
 */
import type { ViolationCode } from '../../errors.js';
import type { Command } from '../../input/apply.js';
import { inputSchemas } from '../../input/schemas.js';
import { COPY_NAME_PREFIX, MINTED_ID_PREFIXES } from '../../rules/limits.js';
import type { ReferenceModel, RefImage, RefProject } from './model.js';

/**
 * What a reference command answers: success, or the violation code.
 *
 * @example
 * ```ts
 * const r: RefResult = applyReference(model, command);
 * ```
 */
export type RefResult = { readonly ok: true } | { readonly ok: false; readonly code: ViolationCode };

const OK: RefResult = { ok: true };
const no = (code: ViolationCode): RefResult => ({ ok: false, code });

type Target = { account: string; project?: string | undefined };
type Input<K extends Command['type']> = Omit<Extract<Command, { type: K }>, 'type'>;

function accountOf(m: ReferenceModel, actor: string): string | undefined {
  return m.principals.get(actor);
}

/** S1: the image if the account sees it (owner, or any membership). */
function seen(m: ReferenceModel, accountId: string, imageId: string): RefImage | undefined {
  const image = m.images.get(imageId);
  if (image === undefined) return undefined;
  if (m.ownerOf(image) === accountId || m.membershipsOf(accountId, image).length > 0) return image;
  return undefined;
}

/** S1, S2: ownership, or the code that refuses it. */
function owned(m: ReferenceModel, accountId: string, imageId: string, resharing: boolean): RefImage | ViolationCode {
  const image = seen(m, accountId, imageId);
  if (image === undefined) return 'not_found';
  if (m.ownerOf(image) === accountId) return image;
  if (resharing && m.membershipsOf(accountId, image).some((p) => image.members.get(p)?.status === 'accepted')) return 'reshare_not_allowed';
  return 'not_image_owner';
}

function ownProject(m: ReferenceModel, accountId: string, projectId: string): RefProject | undefined {
  const p = m.projects.get(projectId);
  return p !== undefined && p.accountId === accountId ? p : undefined;
}

/** E0: a server or disk of the account, with its project. */
function ownThing<T extends { projectId: string }>(m: ReferenceModel, accountId: string, thing: T | undefined): { thing: T; p: RefProject } | undefined {
  const p = thing === undefined ? undefined : ownProject(m, accountId, thing.projectId);
  return thing !== undefined && p !== undefined ? { thing, p } : undefined;
}

/** S3: a target's project in the image region, or the code that refuses it. */
function resolve(m: ReferenceModel, image: RefImage, t: Target): RefProject | ViolationCode {
  const accountId = m.accounts.has(t.account) ? t.account : m.accountByName.get(t.account);
  if (accountId === undefined) return 'not_found';
  const region = m.regionOf(image);
  if (t.project !== undefined) {
    const p = m.projects.get(t.project);
    if (p === undefined || p.accountId !== accountId) return 'not_found';
    return p.regionId === region ? p : 'cross_region_target';
  }
  const site = (m.accounts.get(accountId) as { site: string }).site;
  const offered = m.regions.get(region)?.sites.includes(site) ?? false;
  const p = m.projectsIn(accountId, region).find((x) => x.isDefault);
  return offered && p !== undefined ? p : 'region_not_available_at_site';
}

function newImage(m: ReferenceModel, image: Omit<RefImage, 'members'>): void {
  m.images.set(image.id, { ...image, members: new Map() });
  m.usedImageIds.add(image.id);
  m.bumpCount(image.projectId, 1);
  m.index(m.owned, image.projectId, image.id, true);
  if (image.derivedFrom !== undefined) m.index(m.derived, image.derivedFrom, image.id);
}

/** F5: the id the library mints when a command leaves its new id out: `img-7`, then `img-7-2`, ... */
function minted(m: ReferenceModel, prefix: string, taken: (id: string) => boolean): string {
  const base = `${prefix}-${m.version + 1}`;
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}
const imageIdOf = (m: ReferenceModel, id: string | undefined): string => id ?? minted(m, MINTED_ID_PREFIXES.image, (x) => m.usedImageIds.has(x));

function checkNew(m: ReferenceModel, id: string, accountId: string, regionId: string): ViolationCode | undefined {
  if (m.usedImageIds.has(id)) return 'duplicate_id';
  if (m.countOf(accountId, regionId) >= m.config.privateImageQuota) return 'private_image_quota_exceeded';
  return undefined;
}

const handlers: { [K in Command['type']]: (m: ReferenceModel, c: Input<K>) => RefResult } = {
  addAccount(m, c) {
    if (!m.sites.has(c.site)) return no('not_found');
    if (m.principals.has(c.id)) return no('duplicate_id');
    if (m.accountByName.has(c.id)) return no('duplicate_id'); // F4
    if (m.accountByName.has(c.name)) return no('duplicate_name');
    if (c.name !== c.id && m.accounts.has(c.name)) return no('duplicate_name'); // F4
    const regions = [...m.regions.values()].filter((r) => r.sites.includes(c.site));
    if (regions.some((r) => m.projects.has(`${c.id}:${r.id}`))) return no('duplicate_id');
    m.accounts.set(c.id, { id: c.id, name: c.name, site: c.site, projects: [] });
    m.accountByName.set(c.name, c.id);
    m.principals.set(c.id, c.id);
    for (const r of regions) {
      const id = `${c.id}:${r.id}`;
      m.projects.set(id, { id, accountId: c.id, regionId: r.id, name: r.id, isDefault: true });
      m.accounts.get(c.id)?.projects.push(id);
    }
    return OK;
  },
  addIamUser(m, c) {
    if (!m.accounts.has(c.accountId)) return no('not_found');
    if (m.principals.has(c.id)) return no('duplicate_id');
    m.principals.set(c.id, c.accountId);
    m.iamUsers.add(c.id);
    return OK;
  },
  addProject(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const region = m.regions.get(c.regionId);
    if (region === undefined) return no('not_found');
    if (!region.sites.includes((m.accounts.get(accountId) as { site: string }).site)) return no('region_not_available_at_site');
    if (m.projects.has(c.id)) return no('duplicate_id');
    if ([...m.regions.keys()].some((r) => c.id.length > r.length + 1 && c.id.endsWith(`:${r}`))) return no('duplicate_id'); // F4
    if (m.projectsIn(accountId, c.regionId).some((p) => p.name === c.name)) return no('duplicate_name');
    m.projects.set(c.id, { id: c.id, accountId, regionId: c.regionId, name: c.name, isDefault: false });
    m.accounts.get(accountId)?.projects.push(c.id);
    return OK;
  },
  registerImage(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const p = ownProject(m, accountId, c.projectId);
    if (p === undefined) return no('not_found');
    const id = imageIdOf(m, c.id);
    const refused = checkNew(m, id, accountId, p.regionId);
    if (refused !== undefined) return no(refused);
    newImage(m, { id, name: c.name, kind: c.kind, projectId: p.id, encrypted: c.encrypted ?? false, derivedFrom: undefined, sourceServerId: undefined, createdAt: m.version + 1 });
    return OK;
  },
  share(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const image = owned(m, accountId, c.imageId, true);
    if (typeof image === 'string') return no(image);
    if (image.encrypted) return no('image_not_shareable');
    if (m.acceptedCount(image) >= m.config.shareLimits[image.kind]) return no('share_limit_reached');
    const chosen: string[] = [];
    for (const t of c.targets) {
      const p = resolve(m, image, t);
      if (typeof p === 'string') return no(p);
      if (p.id === image.projectId) return no('share_with_self');
      const status = chosen.includes(p.id) ? 'pending' : image.members.get(p.id)?.status;
      if (status === 'pending' || status === 'accepted') return no('already_shared');
      chosen.push(p.id);
    }
    for (const id of chosen) {
      image.members.set(id, { status: 'pending', since: m.version + 1 });
      m.index(m.received, id, image.id, true);
    }
    return OK;
  },
  accept: (m, c) => decide(m, c, 'accepted'),
  reject: (m, c) => decide(m, c, 'rejected'),
  stopSharing(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const image = owned(m, accountId, c.imageId, false);
    if (typeof image === 'string') return no(image);
    let removed: string[];
    if (c.targets === undefined) removed = [...image.members.keys()];
    else {
      removed = []; // the input schema already refused an empty batch (S7)
      for (const t of c.targets) {
        const p = resolve(m, image, t);
        if (p === 'not_found') return no('not_found');
        if (typeof p === 'string' || !image.members.has(p.id) || removed.includes(p.id)) return no('not_found');
        removed.push(p.id);
      }
    }
    for (const id of removed) {
      image.members.delete(id);
      m.index(m.received, id, image.id, false);
    }
    return OK;
  },
  delete: (m, c) => deleteImage(m, c),
  deleteImage: (m, c) => deleteImage(m, c),
  replicate(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const p = ownProject(m, accountId, c.projectId);
    if (p === undefined) return no('not_found');
    const source = seen(m, accountId, c.imageId);
    if (source === undefined) return no('not_found');
    if (source.kind === 'full-ecs') return no('kind_not_replicable');
    const member = source.members.get(p.id);
    if (member !== undefined && member.status !== 'accepted') return no('membership_not_accepted');
    if (!m.usableIn(source, p.id)) return no('image_not_usable');
    const shared = p.id !== source.projectId;
    if (shared && c.encrypted === true) return no('encrypted_not_allowed');
    const refused = checkNew(m, imageIdOf(m, c.newImageId), accountId, p.regionId);
    if (refused !== undefined) return no(refused);
    newImage(m, {
      id: imageIdOf(m, c.newImageId), name: c.name ?? COPY_NAME_PREFIX + source.name, kind: source.kind, projectId: p.id,
      encrypted: shared ? false : c.encrypted ?? source.encrypted, derivedFrom: source.id, sourceServerId: undefined, createdAt: m.version + 1,
    });
    return OK;
  },
  replicateAcrossRegion(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const source = seen(m, accountId, c.imageId);
    if (source === undefined) return no('not_found');
    if (m.ownerOf(source) !== accountId) return no('private_image_required');
    const region = m.regions.get(c.targetRegionId);
    if (region === undefined) return no('not_found');
    if (region.id === m.regionOf(source)) return no('same_region');
    if (!region.sites.includes((m.accounts.get(accountId) as { site: string }).site)) return no('region_not_available_at_site');
    if (source.encrypted) return no('encrypted_not_allowed');
    let target: RefProject | undefined;
    if (c.targetProjectId !== undefined) {
      target = ownProject(m, accountId, c.targetProjectId);
      if (target === undefined || target.regionId !== region.id) return no('not_found');
    } else {
      target = m.projectsIn(accountId, region.id).find((x) => x.isDefault);
      if (target === undefined) return no('not_found');
    }
    const refused = checkNew(m, imageIdOf(m, c.newImageId), accountId, region.id);
    if (refused !== undefined) return no(refused);
    newImage(m, {
      id: imageIdOf(m, c.newImageId), name: c.name ?? COPY_NAME_PREFIX + source.name, kind: source.kind, projectId: target.id,
      encrypted: false, derivedFrom: source.id, sourceServerId: undefined, createdAt: m.version + 1,
    });
    return OK;
  },
  createServer(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const p = ownProject(m, accountId, c.projectId);
    if (p === undefined) return no('not_found');
    const image = seen(m, accountId, c.imageId);
    if (image === undefined) return no('not_found');
    if (image.kind !== 'system' && image.kind !== 'full-ecs') return no('wrong_image_kind');
    if (m.regionOf(image) !== p.regionId) return no('region_mismatch');
    if (!(m.regions.get(p.regionId)?.azs.includes(c.az) ?? false)) return no('not_found');
    if (!m.usableIn(image, p.id)) return no('image_not_usable');
    if (c.id !== undefined && m.servers.has(c.id)) return no('duplicate_id');
    const id = c.id ?? minted(m, MINTED_ID_PREFIXES.server, (x) => m.servers.has(x));
    m.servers.set(id, { id, projectId: p.id, az: c.az, flavor: c.flavor ?? 'ecs', imageId: image.id, eip: c.eip });
    m.index(m.serversOf, image.id, id);
    return OK;
  },
  reinstallOs(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const own = ownThing(m, accountId, m.servers.get(c.serverId));
    if (own === undefined) return no('not_found');
    const server = own.thing;
    const image = m.images.get(server.imageId);
    if (image === undefined || !m.usableIn(image, server.projectId)) return no('image_not_usable');
    return OK;
  },
  changeOs(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const own = ownThing(m, accountId, m.servers.get(c.serverId));
    if (own === undefined) return no('not_found');
    const { thing: server, p } = own;
    const image = seen(m, accountId, c.imageId);
    if (image === undefined) return no('not_found');
    if (image.kind !== 'system') return no('wrong_image_kind');
    if (m.regionOf(image) !== p.regionId) return no('region_mismatch');
    if (!m.usableIn(image, p.id)) return no('image_not_usable');
    if (server.flavor === 'hecs' && m.ownerOf(image) !== accountId) return no('private_image_required');
    if (server.imageId !== image.id) {
      m.index(m.serversOf, server.imageId, server.id, false);
      m.index(m.serversOf, image.id, server.id);
    }
    server.imageId = image.id;
    return OK;
  },
  createImageFromServer(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const own = ownThing(m, accountId, m.servers.get(c.serverId));
    if (own === undefined) return no('not_found');
    const { thing: server, p } = own;
    if (c.kind !== 'system' && c.kind !== 'full-ecs') return no('wrong_image_kind');
    const refused = checkNew(m, imageIdOf(m, c.newImageId), accountId, p.regionId);
    if (refused !== undefined) return no(refused);
    newImage(m, {
      id: imageIdOf(m, c.newImageId), name: c.name, kind: c.kind, projectId: p.id, encrypted: false,
      derivedFrom: server.imageId, sourceServerId: server.id, createdAt: m.version + 1,
    });
    return OK;
  },
  createDataDisk(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const p = ownProject(m, accountId, c.projectId);
    if (p === undefined) return no('not_found');
    if (c.imageId !== undefined) {
      const image = seen(m, accountId, c.imageId);
      if (image === undefined) return no('not_found');
      if (image.kind !== 'data') return no('wrong_image_kind');
      if (m.regionOf(image) !== p.regionId) return no('region_mismatch');
      if (!m.usableIn(image, p.id)) return no('image_not_usable');
    }
    if (!(m.regions.get(p.regionId)?.azs.includes(c.az) ?? false)) return no('not_found');
    if (c.id !== undefined && m.disks.has(c.id)) return no('duplicate_id');
    const id = c.id ?? minted(m, MINTED_ID_PREFIXES.disk, (x) => m.disks.has(x));
    m.disks.set(id, { id, projectId: p.id, az: c.az, imageId: c.imageId });
    if (c.imageId !== undefined) m.index(m.disksOf, c.imageId, id);
    return OK;
  },
  restoreDataDisk(m, c) {
    const accountId = accountOf(m, c.actor);
    if (accountId === undefined) return no('not_found');
    const own = ownThing(m, accountId, m.disks.get(c.diskId));
    if (own === undefined) return no('not_found');
    const { thing: disk, p } = own;
    const image = seen(m, accountId, c.imageId);
    if (image === undefined) return no('not_found');
    if (image.kind !== 'data') return no('wrong_image_kind');
    if (m.regionOf(image) !== p.regionId) return no('region_mismatch');
    if (m.ownerOf(image) !== accountId) return no('existing_disk_restore_not_allowed');
    if (!m.usableIn(image, p.id)) return no('image_not_usable');
    if (disk.imageId !== image.id) {
      if (disk.imageId !== undefined) m.index(m.disksOf, disk.imageId, disk.id, false);
      m.index(m.disksOf, image.id, disk.id);
    }
    disk.imageId = image.id;
    return OK;
  },
};

function decide(m: ReferenceModel, c: Input<'accept'>, to: 'accepted' | 'rejected'): RefResult {
  const accountId = accountOf(m, c.actor);
  if (accountId === undefined) return no('not_found');
  const image = m.images.get(c.imageId);
  if (image === undefined) return no('not_found');
  let projectId: string;
  if (c.projectId !== undefined) {
    const p = ownProject(m, accountId, c.projectId);
    if (p === undefined || !image.members.has(p.id)) return no('not_found');
    projectId = p.id;
  } else {
    const mine = m.membershipsOf(accountId, image);
    if (mine.length > 1) return no('ambiguous_membership');
    if (mine.length === 0) return no('not_found');
    projectId = mine[0] as string;
  }
  const member = image.members.get(projectId) as { status: string; since: number };
  if (member.status === to) return no('status_unchanged');
  if (to === 'accepted' && m.acceptedCount(image) + 1 > m.config.shareLimits[image.kind]) return no('share_limit_reached');
  member.status = to;
  member.since = m.version + 1;
  return OK;
}

function deleteImage(m: ReferenceModel, c: Input<'delete'>): RefResult {
  const accountId = accountOf(m, c.actor);
  if (accountId === undefined) return no('not_found');
  const image = owned(m, accountId, c.imageId, false);
  if (typeof image === 'string') return no(image);
  for (const projectId of image.members.keys()) m.index(m.received, projectId, image.id, false);
  m.index(m.owned, image.projectId, image.id, false);
  m.images.delete(image.id);
  m.bumpCount(image.projectId, -1);
  return OK;
}

/**
 * Applies a command to the reference model: the same input schemas as the library, then the
 * rules as written here. Mutates the model; bumps its version on success.
 *
 * @example
 * ```ts
 * const r = applyReference(model, { type: 'accept', actor: 'a1', imageId: 'a0-img0' });
 * ```
 */
export function applyReference(m: ReferenceModel, command: unknown): RefResult {
  if (typeof command !== 'object' || command === null || Array.isArray(command)) return no('invalid_input');
  let type: unknown;
  try {
    type = Object.hasOwn(command, 'type') ? (command as { type: unknown }).type : undefined;
  } catch {
    return no('invalid_input');
  }
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return no('invalid_input');
  const key = type as Command['type'];
  const { type: _t, ...rest } = command as Record<string, unknown>;
  const parsed = inputSchemas[key].safeParse(rest);
  if (!parsed.success) return no('invalid_input');
  return runReference(m, { ...(parsed.data as object), type: key } as Command);
}

/**
 * Runs a typed, trusted command on the reference model without schema validation (as the
 * library's typed functions do): the benchmark's floor.
 *
 * @example
 * ```ts
 * runReference(model, { type: 'accept', actor: 'a1', imageId: 'a0-img0' });
 * ```
 */
export function runReference(m: ReferenceModel, command: Command): RefResult {
  const r = (handlers[command.type] as (m: ReferenceModel, c: Command) => RefResult)(m, command);
  if (r.ok) m.version++;
  return r;
}
