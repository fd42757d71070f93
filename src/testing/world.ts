/**
 * An arbitrary for whole worlds: accounts over both sites, IAM users, extra projects, and
 * images of every kind, some encrypted, built through the library's own commands.
 *
 * @module
 */
import fc from 'fast-check';
import { type Catalogue, DEFAULT_CATALOGUE } from '../catalogue.js';
import { defaultProjectId } from '../commands/setup.js';
import { checkOptions } from '../internal/setup.js';
import { type Command, replayBatch } from '../input/apply.js';
import { DEFAULT_PRIVATE_IMAGE_QUOTA, IMAGE_KINDS, type ImageKind, type WorldConfigInput } from '../rules/limits.js';
import type { State } from '../state/store.js';
import { createWorld } from '../state/world.js';

/**
 * Options of {@link worldArbitrary}.
 *
 * @example
 * ```ts
 * const options: WorldArbitraryOptions = { maxAccounts: 4, config: { privateImageQuota: 4 } };
 * ```
 */
export interface WorldArbitraryOptions {
  /** The catalogue of sites and regions (default: the embedded one). */
  readonly catalogue?: Catalogue;
  /** Quota and share limits, for example small ones so that limits are reached in short runs. */
  readonly config?: WorldConfigInput;
  /** At most this many accounts (default 6, at least 2). */
  readonly maxAccounts?: number;
  /** At most this many images per account (default 4). */
  readonly maxImagesPerAccount?: number;
  /**
   * Whether a failing world shrinks (default `false`). fast-check shrinks one argument at a
   * time: a world that shrinks under `modelCommands` changes every command's aim and keeps the
   * commands from shrinking, so by default the world stays and the commands shrink.
   */
  readonly shrink?: boolean;
}

interface AccountSpec {
  readonly site: number;
  readonly users: number;
  readonly extraProjects: readonly number[];
  readonly images: readonly { readonly region: number; readonly kind: ImageKind; readonly encrypted: boolean }[];
}

/**
 * Worlds of 2 to `maxAccounts` (default 6) accounts at random sites, each with 0 to 2 IAM
 * users, 0 to 2 extra projects, and 0 to `maxImagesPerAccount` (default 4) images of every
 * kind (one in six encrypted) in regions its site offers. Account `a0` is always at the first
 * site and `a1` at the last, so both sites are present.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(worldArbitrary(), (state) => checkInvariants(state).length === 0));
 * ```
 */
export function worldArbitrary(options: WorldArbitraryOptions = {}): fc.Arbitrary<State> {
  return setups('worldArbitrary', options).map(buildWorld);
}

function accountSpecs(options: WorldArbitraryOptions): fc.Arbitrary<AccountSpec[]> {
  const account: fc.Arbitrary<AccountSpec> = fc.record({
    site: fc.nat(),
    users: fc.nat({ max: 2 }),
    extraProjects: fc.array(fc.nat(), { maxLength: 2 }),
    images: fc.array(fc.record({
      region: fc.nat(),
      kind: fc.constantFrom(...IMAGE_KINDS),
      encrypted: fc.nat({ max: 5 }).map((n) => n === 0),
    }), { maxLength: options.maxImagesPerAccount ?? 4 }),
  });
  return fc.array(account, { minLength: 2, maxLength: options.maxAccounts ?? 6 });
}

/**
 * A world as data: its configuration and the set-up commands that build it (printable, replayable).
 *
 * @example
 * ```ts
 * const [setup] = fc.sample(worldSetupArbitrary(), 1) as [WorldSetup];
 * ```
 */
export interface WorldSetup {
  readonly catalogue: Catalogue;
  readonly config: WorldConfigInput;
  readonly commands: readonly Command[];
}

/**
 * The set-up behind {@link worldArbitrary}, as data: replay `commands` on
 * `createWorld(catalogue, config)` to get the world. Failures print it as plain commands.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(worldSetupArbitrary(), (setup) => checkInvariants(buildWorld(setup)).length === 0));
 * ```
 */
export function worldSetupArbitrary(options: WorldArbitraryOptions = {}): fc.Arbitrary<WorldSetup> {
  return setups('worldSetupArbitrary', options);
}

/**
 * {@link worldSetupArbitrary} for the set-up function `fn`, whose name its refusals carry: the
 * catalogue and configuration as `createWorld` takes them, at least 2 accounts, whole numbers.
 */
function setups(fn: string, options: WorldArbitraryOptions): fc.Arbitrary<WorldSetup> {
  checkOptions(fn, options, [], [['maxAccounts', 2], 'maxImagesPerAccount']);
  if (options.shrink !== undefined && typeof options.shrink !== 'boolean') throw new TypeError(`${fn}: options.shrink must be a boolean`);
  const catalogue = options.catalogue ?? DEFAULT_CATALOGUE;
  const config = options.config ?? {};
  try {
    createWorld(catalogue, config);
  } catch (e) {
    throw new TypeError(`${fn}: ${(e as Error).message.replace(/^createWorld: /, '')}`);
  }
  const specs = options.shrink === true ? accountSpecs(options) : fc.noShrink(accountSpecs(options));
  return specs.map((specs) => {
    const setup: WorldSetup = { catalogue, config, commands: setupCommands(catalogue, config, specs) };
    // Prints as JSON that `buildWorld(JSON.parse(text))` rebuilds (the catalogue only when it is not the default).
    const printed = catalogue === DEFAULT_CATALOGUE ? { config, commands: setup.commands } : setup;
    return Object.assign(setup, { [fc.toStringMethod]: () => JSON.stringify(printed) });
  });
}

/**
 * Builds the world a {@link WorldSetup} describes (without a catalogue: the default one, as a
 * printed set-up has it). Throws if a set-up command is refused.
 *
 * @example
 * ```ts
 * const [setup] = fc.sample(worldSetupArbitrary(), 1) as [WorldSetup];
 * const state = buildWorld(setup);
 * ```
 */
export function buildWorld(setup: WorldSetup | Omit<WorldSetup, 'catalogue'>): State {
  const catalogue = 'catalogue' in setup ? setup.catalogue : DEFAULT_CATALOGUE;
  const { state, results } = replayBatch(createWorld(catalogue, setup.config), setup.commands);
  const refused = results.find((r) => !r.ok);
  if (refused !== undefined && !refused.ok) throw new Error(`buildWorld: ${refused.error.code}: ${refused.error.message}`);
  return state;
}

function setupCommands(catalogue: Catalogue, config: WorldConfigInput, specs: readonly AccountSpec[]): Command[] {
  const out: Command[] = [];
  const quota = config.privateImageQuota ?? DEFAULT_PRIVATE_IMAGE_QUOTA;
  const sites = catalogue.sites.map((x) => x.id);
  specs.forEach((spec, i) => {
    const site = (i === 0 ? sites[0] : i === 1 ? sites[sites.length - 1] : sites[spec.site % sites.length]) as string;
    const id = `a${i}`;
    out.push({ type: 'addAccount', id, name: `Account ${i}`, site });
    for (let u = 0; u < spec.users; u++) out.push({ type: 'addIamUser', id: `${id}-user${u}`, accountId: id });
    const regions = catalogue.regions.filter((r) => r.sites.includes(site));
    if (regions.length === 0) return;
    spec.extraProjects.forEach((n, j) => {
      const region = regions[n % regions.length] as (typeof regions)[number];
      out.push({ type: 'addProject', actor: id, id: `${id}-p${j}`, regionId: region.id, name: `extra${j}` });
    });
    const counts = new Map<string, number>();
    spec.images.forEach((img, j) => {
      const region = regions[img.region % regions.length] as (typeof regions)[number];
      const used = counts.get(region.id) ?? 0;
      if (used >= quota) return;
      counts.set(region.id, used + 1);
      out.push({
        type: 'registerImage', actor: id, id: `${id}-img${j}`, projectId: defaultProjectId(id, region.id), name: `image ${j}`,
        kind: img.kind, encrypted: img.encrypted,
      });
    });
  });
  return out;
}
