import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Result, type State, VIOLATION_CODES, apply, checkInvariants, fromSnapshot, toSnapshot } from '../src/index.js';
import { HOSTILE_IDS, buildWorld, planArbitrary, resolvePlan, worldSetupArbitrary } from '../src/testing/index.js';
import { SMALL } from './helpers.js';
import { mutate, mutation } from './mutate.js';

/** `IMS_FUZZ_SCALE` multiplies the counts for long runs. */
const SCALE = Number(process.env.IMS_FUZZ_SCALE ?? 1);
const key = fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_IDS, 'type', 'actor', 'imageId', 'targets'));
const anything = fc.anything({
  key, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
  withObjectString: true, withSparseArray: true, withTypedArray: true, maxDepth: 3,
});

function expectTyped(r: Result | { ok: boolean; error?: { code: string } }): void {
  if (!r.ok) expect(VIOLATION_CODES).toContain(r.error?.code);
}

const smallWorld = worldSetupArbitrary({ maxAccounts: 3, maxImagesPerAccount: 3, config: SMALL }).map(buildWorld);

describe('fuzzing apply and fromSnapshot (100,000 values in all)', () => {
  const world = fc.sample(smallWorld, { numRuns: 1, seed: 7 })[0] as State;
  const before = JSON.stringify(toSnapshot(world));

  function fuzzApply(values: fc.Arbitrary<unknown>, numRuns: number): void {
    fc.assert(fc.property(values, (command) => {
      const r = apply(world, command);
      expectTyped(r);
      if (r.ok) expect(r.state).not.toBe(world);
    }), { numRuns: numRuns * SCALE });
    expect(JSON.stringify(toSnapshot(world))).toBe(before);
  }

  it('S7 apply answers 40,000 arbitrary values with typed violations and never throws', () => {
    fuzzApply(anything, 40_000);
  });

  it('S7 apply answers 15,000 arbitrary JSON values with typed violations and never throws', () => {
    fuzzApply(fc.jsonValue(), 15_000);
  });

  it('S7 apply answers 25,000 mutations of valid commands without throwing or touching its input', () => {
    fc.assert(fc.property(smallWorld, fc.array(fc.tuple(planArbitrary(), mutation), { minLength: 25, maxLength: 25 }), (state, steps) => {
      const text = JSON.stringify(toSnapshot(state));
      for (const [plan, how] of steps) {
        const r = apply(state, mutate(resolvePlan(state, plan), how));
        expectTyped(r);
      }
      expect(JSON.stringify(toSnapshot(state))).toBe(text);
    }), { numRuns: 1_000 * SCALE });
  });

  it('W2 fromSnapshot answers 10,000 arbitrary values with a typed violation and never throws', () => {
    fc.assert(fc.property(fc.oneof(anything, fc.jsonValue()), (value) => {
      const r = fromSnapshot(value);
      expect(r.ok).toBe(false);
      expectTyped(r);
    }), { numRuns: 10_000 * SCALE });
  });

  it('W2 F2 fromSnapshot answers 10,000 mutations of valid snapshots: a sound state (checkInvariants finds nothing, indexes included) or a typed violation', () => {
    fc.assert(fc.property(smallWorld, fc.array(mutation, { minLength: 20, maxLength: 20 }), (state, hows) => {
      const snapshot = JSON.parse(JSON.stringify(toSnapshot(state))) as unknown;
      const text = JSON.stringify(snapshot);
      for (const how of hows) {
        const r = fromSnapshot(mutate(snapshot, how));
        expectTyped(r);
        if (r.ok) expect(checkInvariants(r.state)).toEqual([]);
      }
      expect(JSON.stringify(snapshot)).toBe(text);
    }), { numRuns: 500 * SCALE });
  });
});
