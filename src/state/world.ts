/**
 * W5: making a world from a catalogue and a configuration.
 *
 * @module
 */
import { freeze } from 'immer';
import { z } from 'zod';
import { type Catalogue, DEFAULT_CATALOGUE } from '../catalogue.js';
import { emptyMap, fromEntries } from '../internal/pmap.js';
import {
  DEFAULT_PRIVATE_IMAGE_QUOTA, DEFAULT_SHARE_LIMITS, IMAGE_KINDS,
  type WorldConfig, type WorldConfigInput,
} from '../rules/limits.js';
import { type State, type Tables, brand } from './store.js';

const idSchema = () => z.string().min(1);

/** A fresh schema of a catalogue's shape, checked by {@link createWorld} and by snapshots. */
export const catalogueShape = () => z.object({
  sites: z.array(z.object({ id: idSchema() })).min(1),
  regions: z.array(z.object({
    id: idSchema(),
    name: z.string(),
    sites: z.array(idSchema()).min(1),
    azs: z.array(idSchema()).min(1),
  })),
}).superRefine((c, ctx) => {
  const sites = new Set(c.sites.map((s) => s.id));
  if (sites.size !== c.sites.length) ctx.addIssue({ code: 'custom', message: 'site ids must be unique (W2)', path: ['sites'] });
  const regions = new Set(c.regions.map((r) => r.id));
  if (regions.size !== c.regions.length) ctx.addIssue({ code: 'custom', message: 'region ids must be unique (W2)', path: ['regions'] });
  c.regions.forEach((r, i) => {
    for (const s of r.sites) {
      if (!sites.has(s)) ctx.addIssue({ code: 'custom', message: `region '${r.id}' names unknown site '${s}'`, path: ['regions', i, 'sites'] });
    }
    if (new Set(r.azs).size !== r.azs.length) ctx.addIssue({ code: 'custom', message: `region '${r.id}' repeats an AZ`, path: ['regions', i, 'azs'] });
  });
});

const count = () => z.number().int().nonnegative();

/** A fresh schema of a configuration's shape, checked by {@link createWorld} and by snapshots. */
export const configShape = () => z.object({
  privateImageQuota: count().optional(),
  shareLimits: z.partialRecord(z.enum(IMAGE_KINDS), count()).optional(),
}).strict();

const catalogueSchema = catalogueShape();
const configSchema = configShape();

/** Fills in the defaults of a configuration. */
export function resolveConfig(input: WorldConfigInput): WorldConfig {
  return freeze({
    privateImageQuota: input.privateImageQuota ?? DEFAULT_PRIVATE_IMAGE_QUOTA,
    shareLimits: { ...DEFAULT_SHARE_LIMITS, ...input.shareLimits },
  }, true);
}

/** @internal Builds a state from complete tables (used by `createWorld` and `fromSnapshot`). */
export function makeState(version: number, config: WorldConfig, catalogue: Catalogue, tables: Omit<Tables, 'regions'>): State {
  return brand(Object.freeze({
    version,
    config,
    catalogue,
    tables: Object.freeze({ ...tables, regions: fromEntries(catalogue.regions.map((r) => [r.id, r] as const)) }),
  }));
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
  const frozenCatalogue: Catalogue = freeze(structuredClone(cat.data), true);
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
