import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Command, type State, apply, replay, replayBatch, toSnapshot } from '../src/index.js';
import { buildWorld, planArbitrary, resolvePlan, worldSetupArbitrary } from '../src/testing/index.js';
import { deepFrozen } from './frozen.js';
import { SMALL } from './helpers.js';
import { observe } from './observe.js';

const worlds = fc.oneof(worldSetupArbitrary(), worldSetupArbitrary({ config: SMALL })).map(buildWorld);

/** Concrete commands aimed at the states one-by-one application goes through. */
function commandsFor(start: State, plans: readonly Parameters<typeof resolvePlan>[1][]): Command[] {
  const out: Command[] = [];
  let s = start;
  for (const plan of plans) {
    const c = resolvePlan(s, plan) as Command;
    out.push(c);
    const r = apply(s, c);
    if (r.ok) s = r.state;
  }
  return out;
}

describe('the batch path', () => {
  it('W4 S7 replayBatch gives the results, events and final state of replay, leaves its input untouched, and freezes everything', () => {
    fc.assert(fc.property(worlds, fc.array(planArbitrary({ validBias: 0.7 }), { minLength: 1, maxLength: 80 }), (start, plans) => {
      const commands = commandsFor(start, plans);
      const before = JSON.stringify(toSnapshot(start));
      const one = replay(start, commands);
      const batch = replayBatch(start, commands);
      expect(batch.results.map((r) => (r.ok ? { ok: true, events: r.events } : r))).toStrictEqual(one.results.map((r) => (r.ok ? { ok: true, events: r.events } : r)));
      expect(toSnapshot(batch.state)).toStrictEqual(toSnapshot(one.state));
      expect(observe(batch.state)).toStrictEqual(observe(one.state));
      expect(JSON.stringify(toSnapshot(start))).toBe(before);
      expect(deepFrozen(batch.state)).toBe(true);
      // The state a batch leaves goes on like any other.
      const next = commandsFor(batch.state, plans.slice(0, 10));
      expect(replay(batch.state, next).results.map((r) => r.ok)).toEqual(replay(one.state, next).results.map((r) => r.ok));
    }), { numRuns: 150 });
  });

  it('W4 a batch inside a batch, and a batch that cannot read its list, end cleanly', () => {
    const start = buildWorld(fc.sample(worldSetupArbitrary(), 1)[0] as never);
    const hostile = { [Symbol.iterator]() { throw new Error('hostile'); } };
    expect(replayBatch(start, hostile as never).results).toMatchObject([{ ok: false, error: { code: 'invalid_input' } }]);
    expect(replayBatch(start, []).state).toBe(start);
  });
});
