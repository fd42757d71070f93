/**
 * An arbitrary for whole worlds: accounts over both sites, IAM users, extra projects, and
 * images of every kind, some encrypted, built through the library's own commands.
 *
 * @module
 */
import fc from 'fast-check';
import { type Catalogue, DEFAULT_CATALOGUE } from '../catalogue.js';
import { addAccount, addIamUser, addProject, defaultProjectId, registerImage } from '../commands/setup.js';
import type { Result } from '../result.js';
import { IMAGE_KINDS, type ImageKind, type WorldConfigInput } from '../rules/limits.js';
import type { State } from '../state/store.js';
import { createWorld } from '../state/world.js';

/** Options of {@link worldArbitrary}. */
export interface WorldArbitraryOptions {
  readonly catalogue?: Catalogue;
  readonly config?: WorldConfigInput;
  readonly maxAccounts?: number;
  readonly maxImagesPerAccount?: number;
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
  const catalogue = options.catalogue ?? DEFAULT_CATALOGUE;
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
  return fc.array(account, { minLength: 2, maxLength: options.maxAccounts ?? 6 })
    .map((specs) => buildWorld(catalogue, options.config ?? {}, specs));
}

function must(r: Result): State {
  if (!r.ok) throw new Error(`worldArbitrary: ${r.error.code}: ${r.error.message}`);
  return r.state;
}

function buildWorld(catalogue: Catalogue, config: WorldConfigInput, specs: readonly AccountSpec[]): State {
  let s = createWorld(catalogue, config);
  const sites = catalogue.sites.map((x) => x.id);
  specs.forEach((spec, i) => {
    const site = (i === 0 ? sites[0] : i === 1 ? sites[sites.length - 1] : sites[spec.site % sites.length]) as string;
    const id = `a${i}`;
    s = must(addAccount(s, { id, name: `Account ${i}`, site }));
    for (let u = 0; u < spec.users; u++) s = must(addIamUser(s, { id: `${id}-user${u}`, accountId: id }));
    const regions = catalogue.regions.filter((r) => r.sites.includes(site));
    if (regions.length === 0) return;
    spec.extraProjects.forEach((n, j) => {
      const region = regions[n % regions.length];
      if (region !== undefined) s = must(addProject(s, { actor: id, id: `${id}-p${j}`, regionId: region.id, name: `extra${j}` }));
    });
    const counts = new Map<string, number>();
    spec.images.forEach((img, j) => {
      const region = regions[img.region % regions.length];
      if (region === undefined) return;
      const used = counts.get(region.id) ?? 0;
      if (used >= s.config.privateImageQuota) return;
      counts.set(region.id, used + 1);
      s = must(registerImage(s, {
        actor: id, id: `${id}-img${j}`, projectId: defaultProjectId(id, region.id), name: `image ${j}`, kind: img.kind, encrypted: img.encrypted,
      }));
    });
  });
  return s;
}
