/**
 * W5: making a world from a catalogue and a configuration.
 *
 * @module
 */
import { deepFreeze } from '../internal/freeze.js';
import { z } from 'zod';
import { catalogueShape, configShape } from './shapes.js';
import { type Catalogue, DEFAULT_CATALOGUE } from '../catalogue.js';
import { emptyMap, fromEntries } from '../internal/pmap.js';
import {
  DEFAULT_PRIVATE_IMAGE_QUOTA, DEFAULT_SHARE_LIMITS,
  type WorldConfig, type WorldConfigInput,
} from '../rules/limits.js';
import { newState } from './explain.js';
import type { State, Tables } from './store.js';

const catalogueSchema = catalogueShape();
const configSchema = configShape();

/** Fills in the defaults of a configuration. */
export function resolveConfig(input: WorldConfigInput): WorldConfig {
  return deepFreeze({
    privateImageQuota: input.privateImageQuota ?? DEFAULT_PRIVATE_IMAGE_QUOTA,
    shareLimits: { ...DEFAULT_SHARE_LIMITS, ...input.shareLimits },
  });
}

/** Internal: Builds a state from complete tables (used by `createWorld` and `fromSnapshot`). */
export function makeState(version: number, config: WorldConfig, catalogue: Catalogue, tables: Omit<Tables, 'regions'>): State {
  return newState(version, config, catalogue, { ...tables, regions: fromEntries(catalogue.regions.map((r) => [r.id, r] as const)) });
}

/**
 * Makes an empty world: the catalogue's sites and regions, no accounts (W5). With no catalogue
 * it embeds {@link DEFAULT_CATALOGUE}. Throws a `TypeError` for a malformed catalogue or
 * configuration: that is programmer misuse, not a rule violation.
 *
 * @example
 * ```ts
 * const state = createWorld();
 * const strict = createWorld(undefined, { privateImageQuota: 5, shareLimits: { system: 256 } });
 * ```
 */
export function createWorld(catalogue: Catalogue = DEFAULT_CATALOGUE, config: WorldConfigInput = {}): State {
  const cat = catalogueSchema.safeParse(catalogue);
  if (!cat.success) throw new TypeError(`createWorld: invalid catalogue: ${z.prettifyError(cat.error)}`);
  const cfg = configSchema.safeParse(config);
  if (!cfg.success) throw new TypeError(`createWorld: invalid config: ${z.prettifyError(cfg.error)}`);
  const frozenCatalogue: Catalogue = deepFreeze(structuredClone(cat.data));
  const input: WorldConfigInput = cfg.data as WorldConfigInput;
  return makeState(0, resolveConfig(input), frozenCatalogue, {
    principals: emptyMap(),
    accounts: emptyMap(),
    accountNames: emptyMap(),
    projects: emptyMap(),
    images: emptyMap(),
    retired: emptyMap(),
    servers: emptyMap(),
    disks: emptyMap(),
    serial: 0,
  });
}
