/**
 * `commandStream(state, options)`: the seeded command generator behind `simulate`, for users
 * who drive their own simulation loop.
 *
 * @module
 */
import { DEFAULT_CATALOGUE } from '../catalogue.js';
import type { Command } from '../input/apply.js';
import { prng } from '../internal/prng.js';
import { listAccounts, listImages, listMemberships, listServers } from '../queries/listings.js';
import type { Result } from '../result.js';
import * as store from '../state/store.js';
import type { State } from '../state/store.js';
import type { Image } from '../entities.js';
import { CHANGE_OS_IMAGE_KINDS, DISK_IMAGE_KINDS } from '../rules/limits.js';
import type { ImageKind } from '../vocabulary.js';
import { DEFAULT_STREAM_WEIGHTS, type StreamKind, checkStreamOptions } from './mix.js';

/** @hidden */
export const KINDS: readonly ImageKind[] = ['system', 'system', 'data', 'full-ecs'];

/** What a stream answers when it has nothing to aim at: ids it never made, so `not_found` in its worlds. */
const NOTHING_TO_AIM_AT: Command = Object.freeze({ type: 'accept', actor: 'nobody', imageId: 'nothing' });

/** @hidden The home regions of the workload, by site. */
export const HOME: Readonly<Record<string, readonly string[]>> = {
  china: DEFAULT_CATALOGUE.regions.filter((r) => r.sites.includes('china')).slice(0, 3).map((r) => r.id),
  international: DEFAULT_CATALOGUE.regions.filter((r) => r.sites.includes('international')).slice(0, 3).map((r) => r.id),
};

/**
 * Options of {@link commandStream}.
 *
 * @example
 * ```ts
 * const options: CommandStreamOptions = { seed: 7, weights: { share: 50, invalid: 0 } };
 * ```
 */
export interface CommandStreamOptions {
  /** The seed: the same seed and state give the same commands. */
  readonly seed: number;
  /** Relative weights by kind, over {@link DEFAULT_STREAM_WEIGHTS}: finite numbers of at least 0; 0 leaves a kind out; a key that is not a kind is refused. */
  readonly weights?: Partial<Record<StreamKind, number>>;
}

/**
 * A seeded generator of commands aimed at the live ids of a world. It keeps pools of image,
 * membership and server ids from the domain events of the results it observes, so choosing a
 * command costs O(1) whatever the size of the world (a stale id costs one lookup).
 *
 * @example
 * ```ts
 * const stream = commandStream(state, { seed: 1 });
 * for (let i = 0; i < 1_000; i++) {
 *   const r = apply(state, stream.next(state));
 *   stream.observe(r);
 *   if (r.ok) state = r.state;
 * }
 * ```
 */
export class CommandStream {
  readonly images: string[] = [];
  readonly members: [string, string][] = [];
  readonly servers: string[] = [];
  readonly accounts: { id: string; site: string }[] = [];
  readonly bySite = new Map<string, { id: string; site: string }[]>();
  private fresh = 0;

  private readonly mix: readonly (readonly [StreamKind, number])[];
  private readonly total: number;

  /** Use {@link commandStream}. */
  constructor(private readonly rnd: () => number, weights: Partial<Record<StreamKind, number>> = {}) {
    const all = { ...DEFAULT_STREAM_WEIGHTS, ...weights };
    this.mix = (Object.keys(all) as StreamKind[]).map((k) => [k, all[k] ?? 0] as const).filter(([, n]) => n > 0);
    this.total = this.mix.reduce((n, [, weight]) => n + weight, 0);
    if (this.total === 0) throw new RangeError('commandStream: every weight is 0');
  }

  /**
   * Adds an account to the pools (done for every account of the starting state). Throws a
   * `TypeError`, and adds nothing, for anything but an object with a string `id` and `site`.
   */
  addAccount(a: { id: string; site: string }): void {
    if (typeof a !== 'object' || a === null || typeof a.id !== 'string' || typeof a.site !== 'string') {
      throw new TypeError('CommandStream.addAccount: an account is { id: string, site: string }');
    }
    a = { id: a.id, site: a.site }; // read once: the pools hold plain copies
    this.accounts.push(a);
    const peers = this.bySite.get(a.site);
    if (peers === undefined) this.bySite.set(a.site, [a]);
    else peers.push(a);
  }

  /**
   * The next command, aimed at `state` (the state the caller will apply it to). Before any
   * account, or given anything that is not a state, `accept` by `nobody` of image `nothing`.
   */
  next(state: State): Command {
    if (!store.isState(state)) return { ...NOTHING_TO_AIM_AT };
    let r = this.rnd() * this.total;
    const kind = (this.mix.find(([, weight]) => (r -= weight) < 0) ?? this.mix[0]) as readonly [StreamKind, number];
    return this.command(kind[0], state) ?? { ...NOTHING_TO_AIM_AT };
  }

  private pick<T>(xs: readonly T[]): T | undefined {
    return xs.length === 0 ? undefined : xs[Math.floor(this.rnd() * xs.length)];
  }

  private id(prefix: string): string {
    return `${prefix}${this.fresh++}`;
  }

  /**
   * Feeds the result of a command back, so that the pools follow the world. Anything but a
   * successful result (a refusal, a state, `undefined`) is ignored, and so are events that do
   * not carry the ids their type says: a stale or foreign id only costs a later lookup.
   */
  observe(r: Result): void {
    try {
      this.follow(eventsOf(r));
    } catch {
      // An event that throws when read (a getter, a proxy) is not one of this library's: the rest is ignored.
    }
  }

  private follow(events: readonly { readonly type?: unknown }[]): void {
    for (const e of events) {
      if (typeof e !== 'object' || e === null) continue;
      if (e.type === 'account_added') {
        const a = field(e, 'account');
        if (typeof a?.id === 'string' && typeof a.site === 'string') this.addAccount({ id: a.id, site: a.site });
      } else if (e.type === 'image_registered' || e.type === 'image_replicated' || e.type === 'image_created_from_server') {
        const id = field(e, 'image')?.id;
        if (typeof id === 'string') this.images.push(id);
      } else if (e.type === 'image_shared') {
        const m = field(e, 'membership');
        if (typeof m?.imageId === 'string' && typeof m.projectId === 'string') this.members.push([m.imageId, m.projectId]);
      } else if (e.type === 'server_created') {
        const id = field(e, 'server')?.id;
        if (typeof id === 'string') this.servers.push(id);
      }
    }
  }

  /** A live image and its owner account (a few tries; stale ids are skipped). */
  private image(state: State): { id: string; owner: string; projectId: string } | undefined {
    for (let k = 0; k < 4; k++) {
      const id = this.pick(this.images);
      const img = id === undefined ? undefined : store.image(state, id);
      if (img !== undefined) return { id: img.id, owner: store.imageAccountId(state, img), projectId: img.ownerProjectId };
    }
    return undefined;
  }

  /**
   * A live image that passes `fits`, from a few tries (the commands whose image must be of a
   * kind, or of an account and region, aim at one rather than at any image).
   */
  private imageThat(state: State, fits: (img: Image) => boolean): Image | undefined {
    for (let k = 0; k < 8; k++) {
      const id = this.pick(this.images);
      const img = id === undefined ? undefined : store.image(state, id);
      if (img !== undefined && fits(img)) return img;
    }
    return undefined;
  }

  /** A live membership and its member account. */
  private member(state: State): { imageId: string; projectId: string; account: string } | undefined {
    for (let k = 0; k < 4; k++) {
      const m = this.pick(this.members);
      if (m !== undefined && store.membership(state, m[0], m[1]) !== undefined) {
        return { imageId: m[0], projectId: m[1], account: (store.project(state, m[1]) as { accountId: string }).accountId };
      }
    }
    return undefined;
  }

  private command(kind: StreamKind, state: State): Command | undefined {
    const account = this.pick(this.accounts);
    if (account === undefined) return undefined;
    switch (kind) {
      case 'share': {
        const img = this.image(state);
        const site = img === undefined ? 'china' : (store.account(state, img.owner) as { site: string }).site;
        const peer = this.pick(this.bySite.get(site) ?? []) ?? account;
        return img && { type: 'share', actor: img.owner, imageId: img.id, targets: [{ account: peer.id }] };
      }
      case 'accept':
      case 'reject': {
        const m = this.member(state);
        return m && { type: kind, actor: m.account, imageId: m.imageId, projectId: m.projectId };
      }
      case 'stopSharing': {
        const m = this.member(state);
        const img = m === undefined ? undefined : store.image(state, m.imageId);
        return m && img && { type: 'stopSharing', actor: store.imageAccountId(state, img), imageId: m.imageId, targets: [{ account: m.account, project: m.projectId }] };
      }
      case 'replicate': {
        const m = this.rnd() < 0.5 ? this.member(state) : undefined;
        if (m !== undefined) return { type: 'replicate', actor: m.account, imageId: m.imageId, projectId: m.projectId, newImageId: this.id('copy') };
        const img = this.image(state);
        return img && { type: 'replicate', actor: img.owner, imageId: img.id, projectId: img.projectId, newImageId: this.id('copy') };
      }
      case 'replicateAcrossRegion': {
        const img = this.image(state);
        const site = img === undefined ? 'china' : (store.account(state, img.owner) as { site: string }).site;
        return img && { type: 'replicateAcrossRegion', actor: img.owner, imageId: img.id, targetRegionId: this.pick(HOME[site] ?? []) ?? 'cn-north-4', newImageId: this.id('xr') };
      }
      case 'createServer': {
        const m = this.rnd() < 0.5 ? this.member(state) : undefined;
        const img = this.image(state);
        const [actor, imageId, projectId] = m !== undefined ? [m.account, m.imageId, m.projectId] : img !== undefined ? [img.owner, img.id, img.projectId] : [account.id, 'none', 'none'];
        const region = store.project(state, projectId)?.regionId ?? 'cn-north-4';
        return { type: 'createServer', actor, id: this.id('vm'), projectId, az: `${region}a`, imageId, ...(this.rnd() < 0.2 ? { eip: `eip-${this.fresh}` } : {}) };
      }
      case 'reinstallOs':
      case 'createImageFromServer': {
        const id = this.pick(this.servers);
        const server = id === undefined ? undefined : store.server(state, id);
        const actor = server === undefined ? account.id : (store.project(state, server.projectId) as { accountId: string }).accountId;
        if (kind === 'reinstallOs') return { type: 'reinstallOs', actor, serverId: id ?? 'none' };
        return { type: 'createImageFromServer', actor, serverId: id ?? 'none', newImageId: this.id('snap'), name: 'snapshot', kind: this.rnd() < 0.8 ? 'system' : 'full-ecs' };
      }
      case 'registerImage': {
        const home = HOME[account.site] ?? [];
        return { type: 'registerImage', actor: account.id, id: this.id('upload'), projectId: `${account.id}:${this.pick(home) ?? ''}`, name: 'uploaded', kind: this.pick(KINDS) ?? 'system', encrypted: this.rnd() < 0.1 };
      }
      case 'deleteImage': {
        const img = this.image(state);
        return img && { type: 'deleteImage', actor: img.owner, imageId: img.id };
      }
      case 'changeOs': {
        // E4: a system image of the server's own account and region; else the one it runs.
        const id = this.pick(this.servers);
        const server = id === undefined ? undefined : store.server(state, id);
        const home = server === undefined ? undefined : store.project(state, server.projectId);
        if (server === undefined || home === undefined) return undefined;
        const img = this.imageThat(state, (i) => CHANGE_OS_IMAGE_KINDS.includes(i.kind) && store.project(state, i.ownerProjectId)?.accountId === home.accountId &&
          store.project(state, i.ownerProjectId)?.regionId === home.regionId);
        return { type: 'changeOs', actor: home.accountId, serverId: server.id, imageId: img?.id ?? server.imageId };
      }
      case 'createDataDisk': {
        // E5: a data image.
        const img = this.imageThat(state, (i) => DISK_IMAGE_KINDS.includes(i.kind));
        const project = img === undefined ? undefined : store.project(state, img.ownerProjectId);
        if (img === undefined || project === undefined) return undefined;
        return { type: 'createDataDisk', actor: project.accountId, id: this.id('disk'), projectId: project.id, az: `${project.regionId}a`, imageId: img.id };
      }
      default: {
        // A rule broken on purpose: a stranger acts, a member reshares, an id is unknown.
        const img = this.image(state);
        const m = this.member(state);
        const variants: (Command | undefined)[] = [
          img && { type: 'share', actor: account.id, imageId: img.id, targets: [{ account: img.owner }] },
          m && { type: 'share', actor: m.account, imageId: m.imageId, targets: [{ account: account.id }] },
          { type: 'accept', actor: account.id, imageId: this.id('missing') },
          img && { type: 'replicateAcrossRegion', actor: img.owner, imageId: img.id, targetRegionId: store.project(state, img.projectId)?.regionId ?? 'x', newImageId: this.id('x') },
        ];
        return this.pick(variants);
      }
    }
  }
}


/**
 * A {@link CommandStream} over `state`: its pools start from the state's accounts, images,
 * memberships and servers (one pass over the world), then follow the results it observes.
 * The generator `simulate` uses.
 *
 * @example
 * ```ts
 * const stream = commandStream(state, { seed: 42, weights: { invalid: 0 } });
 * const command = stream.next(state);
 * ```
 */
export function commandStream(state: State, options: CommandStreamOptions): CommandStream {
  checkStreamOptions('commandStream', options, ['seed']);
  const stream = new CommandStream(prng(options.seed), options.weights);
  if (!store.isState(state)) return stream;
  for (const a of listAccounts(state)) stream.addAccount({ id: a.id, site: a.site });
  for (const img of listImages(state)) stream.images.push(img.id);
  for (const m of listMemberships(state)) stream.members.push([m.imageId, m.projectId]);
  for (const s of listServers(state)) stream.servers.push(s.id);
  return stream;
}

/**
 * The events of a successful result, or none: `observe` is handed whatever the caller has (a
 * refusal, a state, `undefined`), and reads only what a result of this library carries.
 */
function eventsOf(r: unknown): readonly { readonly type?: unknown }[] {
  if (typeof r !== 'object' || r === null) return [];
  const { ok, events } = r as { ok?: unknown; events?: unknown };
  return ok === true && Array.isArray(events) ? (events as { type?: unknown }[]) : [];
}

/** A field of an event that holds an entity, if it is an object. */
function field(e: object, key: string): Readonly<Record<string, unknown>> | undefined {
  const v: unknown = (e as Record<string, unknown>)[key];
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}
