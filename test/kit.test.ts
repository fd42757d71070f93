import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Command, type Result, apply, replay } from '../src/index.js';
import {
  DEFAULT_PLAN_WEIGHTS, buildWorld, modelCommands, modelSetup, parseCounterexample, planArbitrary, resolvePlan,
  worldArbitrary, worldSetupArbitrary,
} from '../src/testing/index.js';

/** Failures injected into model runs: each fires on the outcome of one command. */
const injected: Record<string, (outcome: string, command: Command) => boolean> = {
  'an accept succeeds': (outcome, c) => outcome === 'ok' && c.type === 'accept',
  'a server is made from a shared image': (outcome, c) => outcome === 'ok' && c.type === 'createServer' && !c.projectId.startsWith(`${c.actor.split('-user')[0]}:`),
};

function outcome(r: Result): string {
  return r.ok ? 'ok' : r.error.code;
}

describe('the model-based kit: counterexamples that replay', () => {
  for (const [name, fires] of Object.entries(injected)) {
    it(`W4 M2 a failure injected into model runs (${name}) replays from the printed commands, for 20 seeds, shrunk short`, () => {
      const lengths: number[] = [];
      let failed = 0;
      for (let seed = 1; seed <= 20; seed++) {
        let report = '';
        try {
          fc.assert(fc.property(
            worldSetupArbitrary({ maxAccounts: 4, config: { privateImageQuota: 2 } }),
            modelCommands({ maxCommands: 40 }),
            (setup, commands) => {
              fc.modelRun(() => modelSetup(buildWorld(setup), (o, c) => {
                if (fires(o, c as Command)) throw new Error(`injected: ${name}`);
              }), commands);
            },
          ), { seed, numRuns: 200 });
        } catch (e) {
          report = `${String(e)}\n${String((e as Error).cause)}`;
        }
        if (report === '') continue; // this seed never met the condition
        failed++;
        expect(report).toContain(`injected: ${name}`);
        // As docs/testing.md says: parse the report, rebuild the world, replay the commands.
        const { setup, commands } = parseCounterexample(report);
        const { results } = replay(buildWorld(setup), commands);
        const last = results.length - 1;
        expect(fires(outcome(results[last] as Result), commands[last] as Command), `seed ${seed}`).toBe(true);
        expect(results.slice(0, last).every((r, i) => !fires(outcome(r), commands[i] as Command))).toBe(true);
        lengths.push(commands.length);
      }
      expect(failed).toBeGreaterThanOrEqual(20);
      // Shrinking leaves little beyond what the failure needs.
      expect(Math.max(...lengths)).toBeLessThanOrEqual(8);
    });
  }
});

describe('the arbitraries', () => {
  it('W4 with the defaults, at least 60% of generated commands succeed (measured over 200 runs)', () => {
    let ok = 0;
    let all = 0;
    fc.assert(fc.property(worldArbitrary(), fc.array(planArbitrary(), { minLength: 30, maxLength: 60 }), (world, plans) => {
      let state = world;
      for (const plan of plans) {
        const r = apply(state, resolvePlan(state, plan));
        all++;
        if (r.ok) {
          ok++;
          state = r.state;
        }
      }
    }), { numRuns: 200, seed: 2026 });
    expect(ok / all).toBeGreaterThanOrEqual(0.6);
  });

  it('S3 weights choose the command types, and validBias 0 aims anywhere', () => {
    const only = Object.fromEntries(Object.keys(DEFAULT_PLAN_WEIGHTS).map((t) => [t, t === 'share' ? 1 : 0]));
    expect(new Set(fc.sample(planArbitrary({ weights: only }), 200).map((p) => p.type))).toEqual(new Set(['share']));
    expect(fc.sample(planArbitrary({ validBias: 0 }), 200).every((p) => !p.valid)).toBe(true);
    expect(fc.sample(planArbitrary({ validBias: 1 }), 200).every((p) => p.valid)).toBe(true);
    expect(() => planArbitrary({ weights: { ...only, share: 0 } })).toThrow(RangeError);
  });

  it('W4 plans, worlds and states print as what they mean', () => {
    const [plan] = fc.sample(planArbitrary(), 1);
    expect(fc.stringify(plan)).toMatch(/^plan\(\w+(, valid)?, \[[\d,]+\], \d+\)$/);
    const [setup] = fc.sample(worldSetupArbitrary(), 1);
    const printed = fc.stringify(setup);
    expect(JSON.parse(printed)).toMatchObject({ config: {}, commands: expect.any(Array) });
    const [world] = fc.sample(worldArbitrary(), 1);
    expect(fc.stringify(world)).toMatch(/^State \{ version: \d+, accounts: \d+/);
    expect(fc.stringify(world).length).toBeLessThan(200);
  });
});
