import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Command, type State, apply, diff, replay, replayBatch, simulate, toSnapshot } from '../src/index.js';
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
      expect(deepFrozen(batch.results)).toBe(true);
      // A one-command batch: diff reads what that command logged, as it does after apply.
      expect(diff(start, replayBatch(start, commands.slice(0, 1)).state)).toStrictEqual(diff(start, replay(start, commands.slice(0, 1)).state));
      // The state a batch leaves goes on like any other.
      const next = commandsFor(batch.state, plans.slice(0, 10));
      expect(replay(batch.state, next).results.map((r) => r.ok)).toEqual(replay(one.state, next).results.map((r) => r.ok));
    }), { numRuns: 150 });
  });

  it('W4 code of the caller run during a batch (its iterator and its steps, an input getter, the options and progress callback of simulate) makes states that stay frozen and unchanged', () => {
    const start = replayBatch(buildWorld(fc.sample(worldSetupArbitrary(), 1)[0] as never), [
      { type: 'addAccount', id: 'own', name: 'Own', site: 'china' },
    ]).state;
    const register = (id: string): Command => ({ type: 'registerImage', actor: 'own', id, projectId: 'own:cn-north-4', name: id, kind: 'system' });
    /** The caller's own chain of commands: each state must not change when the next command runs on it. */
    const made: { state: State; snapshot: string }[] = [];
    const chain = (): void => {
      let s = made.at(-1)?.state ?? start;
      for (let i = 0; i < 3; i++) {
        const r = apply(s, register(`mine${made.length}`));
        if (!r.ok) throw new Error(r.error.message);
        s = r.state;
        made.push({ state: s, snapshot: JSON.stringify(toSnapshot(s)) });
      }
    };
    function* commands(): Generator<Command> {
      for (let i = 0; i < 4; i++) {
        yield register(`batch${i}`);
        chain();
      }
      // An input whose getter runs the caller's code while the batch reads it.
      yield { type: 'registerImage', actor: 'own', projectId: 'own:cn-north-4', name: 'g', kind: 'system', get id() { chain(); return 'viaGetter'; } } as Command;
    }
    const batch = replayBatch(start, commands());
    // An iterator whose steps run the caller's code when read.
    const steps = [register('step0'), register('step1')];
    const stepping = { [Symbol.iterator]: () => ({
      next: () => ({ get done() { chain(); return steps.length === 0; }, get value() { chain(); return steps.shift(); } }),
    }) };
    const stepped = replayBatch(batch.state, stepping as Iterable<Command>);
    expect([...batch.results, ...stepped.results].every((r) => r.ok)).toBe(true);
    expect(stepped.results.length).toBe(2);
    // Options with getters: each is read once, before the batch opens.
    simulate({ steps: 300, seed: 3, images: 30, progressEvery: 100, checkInvariants: false, get onProgress() { chain(); return chain; } });
    expect(made.length).toBe(3 * 5 + 3 * 5 + 3 * 4);
    for (const m of made) {
      expect(deepFrozen(m.state)).toBe(true);
      expect(JSON.stringify(toSnapshot(m.state))).toBe(m.snapshot);
    }
    // A later batch on the caller's state leaves it as it was.
    const last = made.at(-1) as { state: State; snapshot: string };
    replayBatch(last.state, [register('later')]);
    expect(JSON.stringify(toSnapshot(last.state))).toBe(last.snapshot);
  });

  it('W4 a progress callback that throws leaves no batch open', () => {
    expect(() => simulate({ steps: 200, seed: 1, images: 20, progressEvery: 50, onProgress: () => { throw new Error('stop'); } })).toThrow('stop');
    const r = apply(buildWorld(fc.sample(worldSetupArbitrary(), 1)[0] as never), { type: 'addAccount', id: 'after', name: 'After', site: 'china' });
    expect(r.ok && deepFrozen(r.state)).toBe(true);
  });

  it('W4 a batch inside a batch, and a batch that cannot read its list, end cleanly', () => {
    const start = buildWorld(fc.sample(worldSetupArbitrary(), 1)[0] as never);
    const hostile = { [Symbol.iterator]() { throw new Error('hostile'); } };
    expect(replayBatch(start, hostile as never).results).toMatchObject([{ ok: false, error: { code: 'invalid_input' } }]);
    expect(replayBatch(start, []).state).toBe(start);
  });
});
