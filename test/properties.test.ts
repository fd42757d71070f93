import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type State, VIOLATION_CODES, apply, toSnapshot } from '../src/index.js';
import { buildWorld, checkInvariants, planArbitrary, resolvePlan, worldArbitrary, worldSetupArbitrary } from '../src/testing/index.js';
import { expectDeepFrozen } from './frozen.js';
import { SMALL } from './helpers.js';

const RUNS = Number(process.env.IMS_PROPERTY_RUNS ?? 150);
const worlds = fc.oneof(worldSetupArbitrary(), worldSetupArbitrary({ config: SMALL })).map(buildWorld);

describe('properties of random command sequences', () => {
  it('W2 S4 S3 W3 random command sequences keep every invariant, never throw, never mutate their input', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(worlds, fc.array(planArbitrary(), { minLength: 20, maxLength: 80 }), (world, plans) => {
        let state: State = world;
        const path: unknown[] = [];
        for (const plan of plans) {
          const command = resolvePlan(state, plan);
          path.push(command);
          const before = JSON.stringify(toSnapshot(state));
          const result = apply(state, command);
          expect(JSON.stringify(toSnapshot(state)), 'input state mutated').toBe(before);
          if (result.ok) {
            expect(result.state.version).toBe(state.version + 1);
            state = result.state;
          } else {
            expect(VIOLATION_CODES).toContain(result.error.code);
            seen.add(result.error.code);
          }
        }
        const broken = checkInvariants(state);
        if (broken.length > 0) throw new Error(`invariants broken: ${JSON.stringify(broken)}\nreplay: ${JSON.stringify(path)}`);
      }),
      { numRuns: RUNS },
    );
    expect(seen.size).toBeGreaterThan(15);
  });

  it('W4 every returned state and event is deeply frozen', () => {
    fc.assert(
      fc.property(worldArbitrary({ maxAccounts: 3 }), fc.array(planArbitrary(), { minLength: 5, maxLength: 20 }), (world, plans) => {
        let state = world;
        for (const plan of plans) {
          const r = apply(state, resolvePlan(state, plan));
          expectDeepFrozen(r);
          if (r.ok) state = r.state;
        }
      }),
      { numRuns: 20 },
    );
  });
});
