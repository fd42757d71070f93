/**
 * `simulate(options)`: a random but seeded workload over the default world, for users who
 * embed the library in a simulator and for `npm run simulate`. It keeps its own pools of live
 * ids from the commands' domain events, so aiming a command costs O(1) whatever the size of
 * the world.
 *
 * @module
 */
import { DEFAULT_CATALOGUE } from '../catalogue.js';
import { type Command, apply } from '../input/apply.js';
import { forEach } from '../internal/pmap.js';
import { prng } from '../internal/prng.js';
import { checkInvariants } from '../invariants.js';
import type { Result } from '../result.js';
import type { ImageKind, MembershipStatus } from '../rules/limits.js';
import * as store from '../state/store.js';
import type { State } from '../state/store.js';
import { createWorld } from '../state/world.js';

/**
 * Options of {@link simulate}.
 *
 * @example
 * ```ts
 * const options: SimulateOptions = { steps: 10_000, seed: 42, images: 1_000 };
 * ```
 */
export interface SimulateOptions {
  /** How many random commands to run after the set-up. */
  readonly steps: number;
  /** The seed: the same seed gives the same run. */
  readonly seed: number;
  /** Images in the initial world (one account per 10 images). Default 1,000. */
  readonly images?: number;
  /** Called every `progressEvery` (default 1,000) steps with the steps done, for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
  /** Check every invariant at the end (O(world)). Default true. */
  readonly checkInvariants?: boolean;
}

/**
 * What {@link simulate} reports.
 *
 * @example
 * ```ts
 * const summary: SimulationSummary = simulate({ steps: 1_000, seed: 1 });
 * ```
 */
export interface SimulationSummary {
  readonly steps: number;
  readonly seed: number;
  readonly setupMs: number;
  readonly runMs: number;
  readonly commandsPerSecond: number;
  /** Outcomes of the random commands, by `ok` or violation code. */
  readonly results: Readonly<Record<string, number>>;
  readonly images: number;
  readonly memberships: Readonly<Record<MembershipStatus, number>>;
  readonly servers: number;
  readonly invariantsChecked: boolean;
  readonly invariantViolations: number;
  readonly state: State;
}

const KINDS: readonly ImageKind[] = ['system', 'system', 'data', 'full-ecs'];
const MIX: readonly (readonly [string, number])[] = [
  ['share', 25], ['accept', 18], ['reject', 5], ['stopSharing', 8], ['replicate', 8], ['replicateAcrossRegion', 4],
  ['createServer', 10], ['reinstallOs', 3], ['createImageFromServer', 2], ['registerImage', 5], ['deleteImage', 4], ['invalid', 8],
];
const HOME: Readonly<Record<string, readonly string[]>> = {
  china: DEFAULT_CATALOGUE.regions.filter((r) => r.sites.includes('china')).slice(0, 3).map((r) => r.id),
  international: DEFAULT_CATALOGUE.regions.filter((r) => r.sites.includes('international')).slice(0, 3).map((r) => r.id),
};

/** The generator: live ids (kept from events, removed lazily) and the choices. */
class Workload {
  readonly images: string[] = [];
  readonly members: [string, string][] = [];
  readonly servers: string[] = [];
  readonly accounts: { id: string; site: string }[] = [];
  readonly bySite = new Map<string, { id: string; site: string }[]>();
  private fresh = 0;

  constructor(private readonly rnd: () => number) {}

  pick<T>(xs: readonly T[]): T | undefined {
    return xs.length === 0 ? undefined : xs[Math.floor(this.rnd() * xs.length)];
  }

  id(prefix: string): string {
    return `${prefix}${this.fresh++}`;
  }

  observe(r: Result): void {
    if (!r.ok) return;
    for (const e of r.events) {
      if (e.type === 'image_registered' || e.type === 'image_replicated' || e.type === 'image_created_from_server') this.images.push(e.image.id);
      else if (e.type === 'image_shared') this.members.push([e.membership.imageId, e.membership.projectId]);
      else if (e.type === 'server_created') this.servers.push(e.server.id);
    }
  }

  /** A live image and its owner account (a few tries; stale ids are skipped). */
  image(state: State): { id: string; owner: string; projectId: string } | undefined {
    for (let k = 0; k < 4; k++) {
      const id = this.pick(this.images);
      const img = id === undefined ? undefined : store.image(state, id);
      if (img !== undefined) return { id: img.id, owner: store.imageAccountId(state, img), projectId: img.ownerProjectId };
    }
    return undefined;
  }

  /** A live membership and its member account. */
  member(state: State): { imageId: string; projectId: string; account: string } | undefined {
    for (let k = 0; k < 4; k++) {
      const m = this.pick(this.members);
      if (m !== undefined && store.membership(state, m[0], m[1]) !== undefined) {
        return { imageId: m[0], projectId: m[1], account: (store.project(state, m[1]) as { accountId: string }).accountId };
      }
    }
    return undefined;
  }

  command(kind: string, state: State): Command | undefined {
    const account = this.pick(this.accounts) as { id: string; site: string };
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
 * Runs a seeded random workload on a fresh default world: accounts over both sites (one per
 * 10 images, 70% at the China site), their images, then `steps` commands of a fixed mix
 * aimed at live ids, about a twelfth of them breaking a rule on purpose. Returns a summary
 * and the final state.
 *
 * @example
 * ```ts
 * const summary = simulate({ steps: 10_000, seed: 42 });
 * console.log(summary.commandsPerSecond, summary.results.ok);
 * ```
 */
export function simulate(options: SimulateOptions): SimulationSummary {
  const rnd = prng(options.seed);
  const w = new Workload(rnd);
  let state = createWorld(undefined, { privateImageQuota: 10_000 });
  const run = (c: Command): Result => {
    const r = apply(state, c);
    if (r.ok) state = r.state;
    w.observe(r);
    return r;
  };
  const t0 = performance.now();
  const imageCount = options.images ?? 1_000;
  const accountCount = Math.max(2, Math.ceil(imageCount / 10));
  for (let i = 0; i < accountCount; i++) {
    const site = i % 10 < 7 ? 'china' : 'international';
    const a = { id: `acc${i}`, site };
    w.accounts.push(a);
    const peers = w.bySite.get(site);
    if (peers === undefined) w.bySite.set(site, [a]);
    else peers.push(a);
    run({ type: 'addAccount', id: `acc${i}`, name: `Account ${i}`, site });
  }
  for (let n = 0; n < imageCount; n++) {
    const a = w.accounts[n % accountCount] as { id: string; site: string };
    const home = HOME[a.site] as readonly string[];
    run({ type: 'registerImage', actor: a.id, id: `img${n}`, projectId: `${a.id}:${home[n % home.length]}`, name: `image ${n}`, kind: KINDS[n % KINDS.length] as ImageKind });
  }
  const setupMs = performance.now() - t0;

  const results: Record<string, number> = Object.create(null) as Record<string, number>;
  const total = MIX.reduce((n, [, weight]) => n + weight, 0);
  const every = options.progressEvery ?? 1_000;
  const t1 = performance.now();
  for (let step = 0; step < options.steps; step++) {
    let r = rnd() * total;
    const kind = (MIX.find(([, weight]) => (r -= weight) < 0) ?? MIX[0]) as readonly [string, number];
    const c = w.command(kind[0], state) ?? { type: 'accept', actor: 'nobody', imageId: 'nothing' };
    const outcome = run(c);
    const key = outcome.ok ? 'ok' : outcome.error.code;
    results[key] = (results[key] ?? 0) + 1;
    if (options.onProgress !== undefined && (step + 1) % every === 0) options.onProgress(step + 1, options.steps);
  }
  const runMs = performance.now() - t1;
  const memberships: Record<MembershipStatus, number> = { pending: 0, accepted: 0, rejected: 0 };
  let images = 0;
  forEach(state.tables.images, (rec) => {
    images++;
    forEach(rec.members, (m) => {
      memberships[m.status]++;
    });
  });
  const check = options.checkInvariants ?? true;
  return Object.freeze({
    steps: options.steps,
    seed: options.seed,
    setupMs,
    runMs,
    commandsPerSecond: runMs === 0 ? 0 : (options.steps / runMs) * 1000,
    results: Object.freeze({ ...results }),
    images,
    memberships: Object.freeze(memberships),
    servers: state.tables.servers.size,
    invariantsChecked: check,
    invariantViolations: check ? checkInvariants(state).length : 0,
    state,
  });
}
