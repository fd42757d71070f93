import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VIOLATION_CODES } from '../src/index.js';
import { buildWorld, modelCommands, modelSetup, worldSetupArbitrary } from '../src/testing/index.js';
import { SMALL } from './helpers.js';

/** `IMS_DIFF_RUNS` raises the count for long runs (docs/testing.md records the largest). */
const RUNS = Number(process.env.IMS_DIFF_RUNS ?? 2000);

describe('differential model-based test: library vs reference model', () => {
  it('W2 S4 M5 M4 library and reference agree on every outcome and every principal view, command by command', () => {
    const seen = new Map<string, number>();
    const count = (outcome: string) => seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
    fc.assert(
      fc.property(fc.oneof(worldSetupArbitrary({ maxAccounts: 5 }), worldSetupArbitrary({ maxAccounts: 5, config: SMALL })), modelCommands({ validBias: 0.5 }), (setup, commands) => {
        const world = buildWorld(setup);
        fc.modelRun(() => modelSetup(world, count), commands);
      }),
      { numRuns: RUNS },
    );
    // Every violation code of SPEC §8 was produced by the generated runs.
    expect(VIOLATION_CODES.filter((c) => !seen.has(c))).toEqual([]);
    expect(seen.get('ok') ?? 0).toBeGreaterThan(RUNS * 5);
  }, 60_000 + RUNS * 100);
});
