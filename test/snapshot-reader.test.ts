import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants, fromSnapshot, listImages, snapshotSchema, toSnapshot } from '../src/index.js';
import { LIST_KEYS, readLists } from '../src/snapshot/lists.js';
import { HOSTILE_IDS, buildWorld, worldSetupArbitrary } from '../src/testing/index.js';
import { SMALL } from './helpers.js';
import { mutate, mutation } from './mutate.js';

const smallWorld = worldSetupArbitrary({ maxAccounts: 3, maxImagesPerAccount: 3, config: SMALL }).map(buildWorld);

/** What zod keeps of a snapshot's lists, `undefined` fields dropped (as fromSnapshot stores them). */
function zodLists(value: unknown): Record<string, unknown[]> | undefined {
  const r = snapshotSchema.safeParse(value);
  if (!r.success) return undefined;
  const out: Record<string, unknown[]> = {};
  for (const k of LIST_KEYS) {
    out[k] = (r.data[k] as object[]).map((x) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)));
  }
  return out;
}

/** Odd members of an entity list: what JSON never makes, but a caller's value may hold. */
const oddEntity = (base: Record<string, unknown>) => fc.constantFrom<unknown>(
  Object.assign(Object.create(null) as object, base),
  Object.assign(Object.create({ inherited: 1 }) as object, base),
  { ...base, extra: 1 },
  { ...base, id: undefined },
  { ...base, [Symbol('s')]: 1 },
  Object.defineProperty({ ...base }, 'hidden', { value: 1, enumerable: false }),
  Object.defineProperty({ ...base }, 'id', { get: () => 'from-a-getter', enumerable: true }),
  Object.defineProperty({ ...base }, 'id', { get: () => { throw new Error('boom'); }, enumerable: true }),
  new Proxy({ ...base }, {}),
  [base],
  new Date(0),
);

describe('F3 the fast list reader of fromSnapshot never accepts what the schema refuses', () => {
  it('F3 on mutated snapshots, whenever the reader takes the lists, zod takes the snapshot and keeps the very same entities (key order included)', () => {
    fc.assert(fc.property(smallWorld, fc.array(mutation, { minLength: 10, maxLength: 10 }), (state, hows) => {
      const snapshot = JSON.parse(JSON.stringify(toSnapshot(state))) as Record<string, unknown>;
      expect(readLists(snapshot)).toBeDefined(); // the fast path is taken on what toSnapshot makes
      for (const how of hows) {
        const value = mutate(snapshot, how);
        const read = typeof value === 'object' && value !== null ? readLists(value as Record<string, unknown>) : undefined;
        if (read === undefined) continue;
        // The lists read, the rest may still be wrong: zod judges it with the lists emptied.
        const head = snapshotSchema.safeParse({ ...value as object, ...Object.fromEntries(LIST_KEYS.map((k) => [k, []])) });
        if (!head.success) continue;
        const expected = zodLists(value);
        expect(expected).toBeDefined();
        expect(JSON.stringify(read)).toBe(JSON.stringify(expected));
      }
    }), { numRuns: 300 });
  });

  it('F3 on odd objects inside the lists (null or foreign prototypes, symbols, getters, proxies), the reader is never looser than zod', () => {
    fc.assert(fc.property(smallWorld, fc.nat(), fc.constantFrom(...LIST_KEYS), (state, seed, key) => {
      const snapshot = JSON.parse(JSON.stringify(toSnapshot(state))) as Record<string, unknown[]>;
      const base = (snapshot[key] as Record<string, unknown>[])[0] ?? { id: HOSTILE_IDS[seed % HOSTILE_IDS.length] };
      fc.assert(fc.property(oddEntity(base), (odd) => {
        const value = { ...snapshot, [key]: [...(snapshot[key] as unknown[]), odd] };
        const read = readLists(value);
        if (read !== undefined) expect(JSON.stringify(read)).toBe(JSON.stringify(zodLists(value)));
      }), { numRuns: 20 });
    }), { numRuns: 40 });
  });

  it('F1 F2 what fromSnapshot loads passes every check of checkInvariants, indexes included, and lists as the original', () => {
    fc.assert(fc.property(smallWorld, (state) => {
      const back = fromSnapshot(JSON.parse(JSON.stringify(state)));
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      expect(checkInvariants(back.state)).toEqual([]);
      expect(listImages(back.state)).toEqual(listImages(state));
    }), { numRuns: 100 });
  });
});
