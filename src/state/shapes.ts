/**
 * The shapes of a catalogue and of a configuration (zod), for `createWorld` and snapshots. Each
 * call makes fresh schema instances, so a frozen exported schema never shares a part with one
 * the library uses.
 *
 * Internal: not part of the public API.
 * @module
 */
import { z } from 'zod';
import { boundedArray, nonEmptyString } from '../internal/zod-checks.js';
import { MAX_CATALOGUE_ENTRIES } from '../catalogue.js';
import { IMAGE_KINDS } from '../vocabulary.js';

const idSchema = nonEmptyString;

/** A fresh schema of a catalogue's shape, checked by {@link createWorld} and by snapshots. */
// zod checks a list's length (MAX_CATALOGUE_ENTRIES) before its entries: a long list costs bounded time to refuse (F3).
export const catalogueShape = () => z.object({
  sites: boundedArray(z.object({ id: idSchema() }), { min: 1, max: MAX_CATALOGUE_ENTRIES }),
  regions: boundedArray(z.object({
    id: idSchema(),
    name: z.string(),
    sites: boundedArray(idSchema(), { min: 1, max: MAX_CATALOGUE_ENTRIES }),
    azs: boundedArray(idSchema(), { min: 1, max: MAX_CATALOGUE_ENTRIES }),
  }), { max: MAX_CATALOGUE_ENTRIES }),
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
