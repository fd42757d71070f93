/**
 * Command plans: a state-independent, shrinkable description of a command that
 * {@link resolvePlan} turns into a concrete command against a given state. Plans let
 * fast-check generate whole sequences up front and still aim every command at ids that exist
 * (biased toward valid commands, with unknown, hostile and malformed ones mixed in), so that
 * every violation code is reached.
 *
 * @module
 */
import fc from 'fast-check';
import type { Command } from '../input/apply.js';
import type { CommandType } from '../input/schemas.js';
import { IMAGE_KINDS, SERVER_FLAVORS } from '../rules/limits.js';
import { checkOptions, checkState, checkWeights, integerWeights } from '../internal/setup.js';
import type { State } from '../state/store.js';
import { aimValid } from './aim-valid.js';
import { HOSTILE_IDS, Picker } from './picker.js';
import { type IdPools, idPools } from './pools.js';

/**
 * A plan: which command, and numbers that pick its ids and options.
 *
 * @example
 * ```ts
 * const [plan] = fc.sample(planArbitrary(), 1) as [CommandPlan];
 * ```
 */
export interface CommandPlan {
  /** The command. */
  readonly type: CommandType;
  /** Numbers that pick ids and options among those of the state the plan is resolved against. */
  readonly picks: readonly number[];
  /** Bits that choose variants: unknown or hostile ids, optional fields, malformed input. */
  readonly bits: number;
  /** Aim at a command the rules accept when the state offers one (the bias toward valid commands). */
  readonly valid: boolean;
}

/**
 * Options of {@link planArbitrary}, {@link commandArbitrary} and `modelCommands`.
 *
 * @example
 * ```ts
 * const options: PlanOptions = { weights: { share: 10, delete: 0 }, validBias: 0.9 };
 * ```
 */
export interface PlanOptions {
  /**
   * Relative weight per command type, over the defaults (`DEFAULT_PLAN_WEIGHTS`): finite
   * numbers of at least 0, fractions included; 0 leaves a type out. A key that is not a command
   * type is refused (`TypeError`), so a misspelt type cannot pass unnoticed.
   */
  readonly weights?: Partial<Record<CommandType, number>>;
  /**
   * The share of plans aimed at a command the rules accept (0 to 1, default 0.8); the rest are
   * aimed anywhere, with unknown, hostile and malformed values, so that every violation code
   * is reached. With the defaults, at least 60% of generated commands succeed (docs/testing.md).
   */
  readonly validBias?: number;
}

/**
 * The default relative weight of each command type in generated plans: the sharing commands
 * most.
 *
 * @example
 * ```ts
 * DEFAULT_PLAN_WEIGHTS.share; // 8
 * ```
 */
export const DEFAULT_PLAN_WEIGHTS: Readonly<Record<CommandType, number>> = Object.freeze({
  addAccount: 2, addIamUser: 1, addProject: 1, registerImage: 4,
  share: 8, accept: 7, reject: 3, stopSharing: 3, delete: 1, deleteImage: 1,
  replicate: 4, replicateAcrossRegion: 3, createServer: 4, reinstallOs: 2, changeOs: 2,
  createImageFromServer: 2, createDataDisk: 2, restoreDataDisk: 2,
});

/**
 * The default share of plans aimed at valid commands.
 *
 * @example
 * ```ts
 * planArbitrary({ validBias: DEFAULT_VALID_BIAS / 2 }); // more rule-breaking commands
 * ```
 */
export const DEFAULT_VALID_BIAS = 0.8;

const STEPS = 1000;

/**
 * One command plan, weighted toward the sharing commands. Malformed options throw a
 * `TypeError` that names them, when the arbitrary is made (docs/testing.md).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(fc.array(planArbitrary()), (plans) => plans.every((p) => p.picks.length === 8)));
 * ```
 */
export function planArbitrary(options: PlanOptions = {}): fc.Arbitrary<CommandPlan> {
  return plans('planArbitrary', options);
}

/**
 * {@link planArbitrary} for the set-up function `fn`, whose name its refusals carry: `weights`
 * over the command types (any finite numbers of at least 0), `validBias` from 0 to 1.
 */
export function plans(fn: string, options: PlanOptions): fc.Arbitrary<CommandPlan> {
  checkOptions(fn, options, []);
  const { weights: given, validBias } = options; // each read once: a getter answers once
  checkWeights(fn, given, Object.keys(DEFAULT_PLAN_WEIGHTS));
  if (validBias !== undefined && !(typeof validBias === 'number' && validBias >= 0 && validBias <= 1)) {
    throw new TypeError(`${fn}: options.validBias must be a number from 0 to 1`);
  }
  const weights = { ...DEFAULT_PLAN_WEIGHTS, ...given };
  const types = (Object.keys(weights) as CommandType[]).filter((t) => (weights[t] ?? 0) > 0);
  if (types.length === 0) throw new RangeError(`${fn}: every weight is 0`);
  const scaled = integerWeights(types.map((t) => weights[t] as number));
  const valid = Math.round((validBias ?? DEFAULT_VALID_BIAS) * STEPS);
  return fc.record({
    type: fc.oneof(...types.map((type, i) => ({ arbitrary: fc.constant(type), weight: scaled[i] as number }))),
    picks: fc.array(fc.noBias(fc.nat({ max: 1 << 20 })), { minLength: 8, maxLength: 8 }),
    bits: fc.noBias(fc.nat()),
    // Shrinks toward a valid aim: a counterexample made of valid commands reads best.
    valid: fc.nat({ max: STEPS - 1 }).map((n) => n < valid || valid === STEPS),
  }).map((plan) => Object.assign(plan, { [fc.toStringMethod]: () => describePlan(plan) }));
}

/** How a plan prints: its command, whether it aims valid, and its numbers. */
function describePlan(plan: CommandPlan): string {
  return `plan(${plan.type}${plan.valid ? ', valid' : ''}, [${plan.picks.join(',')}], ${plan.bits})`;
}

function target(k: Picker, pools: IdPools, imageProjectId?: string): { account: string; project?: string } {
  const account = k.id(k.bit(3) ? pools.accountNames : pools.accounts, 4);
  if (!k.bit(5) || pools.projects.length === 0) return { account };
  const sameRegion = pools.projects.find((p) => p.id === imageProjectId)?.regionId;
  const candidates = pools.projects.filter((p) => k.bit(6) || p.regionId === sameRegion);
  const project = k.from(candidates);
  return project === undefined ? { account } : { account: project.accountId, project: project.id };
}

/** A deliberately malformed command, for `invalid_input`. */
function malformed(plan: CommandPlan): unknown {
  const variants: unknown[] = [
    { type: plan.type },
    { type: plan.type, actor: 42, imageId: null },
    { type: 'noSuchCommand', actor: 'alice' },
    { type: plan.type, actor: '', id: '', imageId: '' },
    { type: '__proto__' },
    null,
    [plan.type],
  ];
  return variants[plan.bits % variants.length];
}

/**
 * Turns a plan into a concrete command against `state` (deterministic: the same plan and state
 * give the same command). About one command in sixteen is malformed on purpose.
 *
 * @example
 * ```ts
 * const command = resolvePlan(state, plan);
 * const result = apply(state, command);
 * ```
 */
export function resolvePlan(state: State, plan: CommandPlan, pools: IdPools = idPools(state)): Command | unknown {
  const k = new Picker(plan, pools, state.version);
  if (plan.valid) {
    const command = aimValid(state, plan.type, pools, k);
    if (command !== undefined) return command;
  }
  if (((plan.bits >>> 27) & 15) === 0) return malformed(plan);
  const command = aim(state, plan, pools, k) as Record<string, unknown>;
  // Now and then, someone else acts, or the command names another account's project.
  if (k.rare(24) && 'actor' in command) return { ...command, actor: k.id(pools.principals, 21) };
  if (k.rare(25) && 'projectId' in command) return { ...command, projectId: k.from(pools.projects)?.id ?? 'nowhere' };
  return command;
}

function aim(state: State, plan: CommandPlan, pools: IdPools, k: Picker): Command | unknown {
  const principal = () => k.id(pools.principals, 7);
  switch (plan.type) {
    case 'addAccount': {
      // Sometimes the prefix of a project id such as `x:cn-north-4`, whose default project id is taken.
      const taken = k.rare(17) ? k.from(pools.projects.filter((p) => p.id.includes(':') && !pools.principals.includes(p.id.split(':')[0] as string))) : undefined;
      const id = taken === undefined ? k.fresh('acct', pools.principals, 8) : (taken.id.split(':')[0] as string);
      return { type: 'addAccount', id, name: k.fresh('Name', pools.accountNames, 11), site: k.id(pools.sites, 14) };
    }
    case 'addIamUser':
      return { type: 'addIamUser', id: k.fresh('user', pools.principals, 8), accountId: k.id(pools.accounts, 11) };
    case 'addProject': {
      const regionId = k.id(pools.regions, 11);
      const id = k.fresh('proj', pools.projects.map((p) => p.id), 8);
      return { type: 'addProject', actor: principal(), id: k.bit(17) ? `${id}:${regionId}` : id, regionId, name: `p${k.n() % 3}` };
    }
    case 'registerImage': {
      const p = k.from(pools.projects);
      return {
        type: 'registerImage', actor: p === undefined ? principal() : p.accountId, id: k.fresh('img', pools.images.map((i) => i.id), 8),
        projectId: p?.id ?? 'nowhere', name: 'image', kind: IMAGE_KINDS[k.n() % IMAGE_KINDS.length], encrypted: k.rare(11),
      };
    }
    case 'share': {
      if (k.rare(17)) {
        const m = k.from(pools.memberships.filter((x) => x.status === 'accepted'));
        if (m !== undefined) return { type: 'share', actor: k.accountOf(m.projectId), imageId: m.imageId, targets: [target(k, pools)] };
      }
      const image = k.from(pools.images);
      const targets = [target(k, pools, image?.ownerProjectId)];
      if (k.bit(9)) targets.push(target(k, pools, image?.ownerProjectId));
      return { type: 'share', actor: k.rare(10) ? principal() : k.ownerOf(image), imageId: image?.id ?? 'none', targets };
    }
    case 'accept':
    case 'reject':
    case 'stopSharing': {
      const m = k.rare(12) ? undefined : k.from(pools.memberships);
      const imageId = m?.imageId ?? k.id(pools.images.map((i) => i.id), 13);
      if (plan.type === 'stopSharing') {
        const image = pools.images.find((i) => i.id === imageId);
        const base = { type: 'stopSharing', actor: k.rare(10) ? principal() : k.ownerOf(image), imageId };
        if (k.bit(14)) return base;
        const account = m === undefined ? k.id(pools.accounts, 15) : k.accountOf(m.projectId);
        return { ...base, targets: [k.bit(16) && m !== undefined ? { account, project: m.projectId } : { account }] };
      }
      const actor = m === undefined || k.rare(15) ? principal() : k.accountOf(m.projectId);
      if (k.rare(18)) return { type: plan.type, actor, imageId, projectId: k.from(pools.projects)?.id ?? 'nowhere' };
      return k.bit(16) && m !== undefined ? { type: plan.type, actor, imageId, projectId: m.projectId } : { type: plan.type, actor, imageId };
    }
    case 'delete':
    case 'deleteImage': {
      const image = k.from(pools.images);
      return { type: plan.type, actor: k.rare(10) ? principal() : k.ownerOf(image), imageId: image?.id ?? k.id(pools.deletedImages, 11) };
    }
    case 'replicate': {
      const u = k.usable();
      const encrypted = k.bit(12) ? { encrypted: k.bit(13) } : {};
      return { type: 'replicate', actor: u.actor, imageId: u.image?.id ?? 'none', projectId: u.projectId, newImageId: k.fresh('copy', pools.images.map((i) => i.id), 14), ...encrypted };
    }
    case 'replicateAcrossRegion': {
      // Now and then a member tries it with a shared image (private_image_required).
      const m = k.bit(15) ? k.from(pools.memberships.filter((x) => x.status === 'accepted')) : undefined;
      const image = m !== undefined ? pools.images.find((i) => i.id === m.imageId) : k.from(pools.images);
      const targetProject = k.rare(12) ? k.from(pools.projects) : undefined;
      return {
        type: 'replicateAcrossRegion', actor: m !== undefined ? k.accountOf(m.projectId) : k.rare(10) ? principal() : k.ownerOf(image), imageId: image?.id ?? 'none',
        targetRegionId: targetProject?.regionId ?? k.id(pools.regions, 13), newImageId: k.fresh('xr', pools.images.map((i) => i.id), 14),
        ...(targetProject === undefined ? {} : { targetProjectId: targetProject.id }),
      };
    }
    case 'createServer':
    case 'createDataDisk': {
      const u = k.usable();
      const region = pools.projects.find((p) => p.id === u.projectId)?.regionId;
      const azs = state.catalogue.regions.find((r) => r.id === region)?.azs ?? [];
      const az = k.rare(12) ? k.id(pools.azs, 13) : k.from(azs) ?? 'nowhere-a';
      if (plan.type === 'createDataDisk') {
        const base = { type: 'createDataDisk', actor: u.actor, id: k.fresh('disk', pools.disks.map((d) => d.id), 14), projectId: u.projectId, az };
        return k.rare(15) ? base : { ...base, imageId: u.image?.id ?? 'none' };
      }
      return {
        type: 'createServer', actor: u.actor, id: k.fresh('vm', pools.servers.map((s) => s.id), 14), projectId: u.projectId, az,
        imageId: u.image?.id ?? 'none', flavor: SERVER_FLAVORS[k.n() % SERVER_FLAVORS.length], ...(k.bit(16) ? { eip: `eip-${k.n()}` } : {}),
      };
    }
    case 'reinstallOs':
    case 'changeOs':
    case 'createImageFromServer': {
      const server = k.from(pools.servers);
      const actor = server === undefined || k.rare(10) ? principal() : k.accountOf(server.projectId);
      const serverId = server?.id ?? k.id([], 11);
      if (plan.type === 'reinstallOs') return { type: 'reinstallOs', actor, serverId };
      if (plan.type === 'changeOs') return { type: 'changeOs', actor, serverId, imageId: (k.bit(12) ? k.usable().image : k.from(pools.images))?.id ?? 'none' };
      return { type: 'createImageFromServer', actor, serverId, newImageId: k.fresh('snap', pools.images.map((i) => i.id), 13), name: 'snapshot', kind: IMAGE_KINDS[k.n() % IMAGE_KINDS.length] };
    }
    case 'restoreDataDisk': {
      const disk = k.from(pools.disks);
      const actor = disk === undefined || k.rare(10) ? principal() : k.accountOf(disk.projectId);
      const dataImages = new Set(pools.images.filter((i) => i.kind === 'data').map((i) => i.id));
      const sharedWithDisk = disk === undefined ? undefined : k.from(pools.memberships.filter((m) => m.projectId === disk.projectId && dataImages.has(m.imageId)));
      const image = k.bit(13) && sharedWithDisk !== undefined ? sharedWithDisk.imageId : (k.bit(12) ? k.usable().image : k.from(pools.images))?.id;
      return { type: 'restoreDataDisk', actor, diskId: disk?.id ?? k.id([], 11), imageId: image ?? 'none' };
    }
  }
}

/**
 * Principals of a state: its accounts and IAM users mostly, and now and then an unknown or
 * hostile id (which must see nothing).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(principalArbitrary(state), (p) => visibleImages(state, p, 'cn-north-4').length >= 0));
 * ```
 */
export function principalArbitrary(state: State): fc.Arbitrary<string> {
  checkState('principalArbitrary', state);
  const known = idPools(state).principals;
  const strangers = fc.constantFrom('nobody', ...HOSTILE_IDS);
  return known.length === 0 ? strangers : fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 4 }, { arbitrary: strangers, weight: 1 });
}

/**
 * Commands aimed at a given state, valid and invalid: {@link planArbitrary} resolved against
 * it (for a sequence, resolve each plan against the state the previous command left).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(commandArbitrary(state), (command) => { apply(state, command); }));
 * ```
 */
export function commandArbitrary(state: State, options: PlanOptions = {}): fc.Arbitrary<unknown> {
  checkState('commandArbitrary', state);
  const pools = idPools(state);
  return plans('commandArbitrary', options).map((plan) => resolvePlan(state, plan, pools));
}
