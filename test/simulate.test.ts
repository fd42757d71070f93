import { describe, expect, it } from 'vitest';
import {
  type CommandStream, DEFAULT_STREAM_WEIGHTS, type SimulationStep, type State, VIOLATION_CODES, apply, checkInvariants, commandStream, listAccounts,
  simulate,
} from '../src/index.js';

/**
 * Runs two streams side by side for `steps` commands, each aimed at and fed the same results;
 * fails unless they generate the same commands. Returns the final state and how many succeeded.
 */
function lockstep(start: State, a: CommandStream, b: CommandStream, steps: number): { state: State; ok: number } {
  let state = start;
  let ok = 0;
  for (let i = 0; i < steps; i++) {
    const command = a.next(state);
    expect(b.next(state)).toEqual(command);
    const r = apply(state, command);
    a.observe(r);
    b.observe(r);
    if (r.ok) {
      ok++;
      state = r.state;
    }
  }
  return { state, ok };
}

describe('simulate', () => {
  it('W4 a seeded run is reproducible, keeps the invariants and reports consistent counts', () => {
    const a = simulate({ steps: 3_000, seed: 7, images: 300 });
    const b = simulate({ steps: 3_000, seed: 7, images: 300 });
    expect(a.results).toEqual(b.results);
    expect(a.state.version).toBe(b.state.version);
    expect(Object.values(a.results).reduce((x, y) => x + y, 0)).toBe(3_000);
    expect(a.results.ok ?? 0).toBeGreaterThan(1_000);
    for (const code of Object.keys(a.results)) if (code !== 'ok') expect(VIOLATION_CODES).toContain(code);
    expect(a.invariantsChecked).toBe(true);
    expect(a.invariantViolations).toBe(0);
    expect(checkInvariants(a.state)).toEqual([]);
    expect(a.images).toBeGreaterThan(0);
    expect(a.memberships.accepted + a.memberships.pending + a.memberships.rejected).toBeGreaterThan(0);
    expect(a.servers).toBeGreaterThan(0);
    expect(simulate({ steps: 3_000, seed: 8, images: 300 }).results).not.toEqual(a.results);
  });

  it('W4 reports progress and can skip the final check', () => {
    const seen: number[] = [];
    const s = simulate({ steps: 500, seed: 1, images: 50, onProgress: (done) => seen.push(done), progressEvery: 100, checkInvariants: false });
    expect(seen).toEqual([100, 200, 300, 400, 500]);
    expect(s.invariantsChecked).toBe(false);
  });

  it('W4 accounts, weights, onStep and keepEvery shape a run; onStep sees every command, keepEvery keeps states', () => {
    const steps: SimulationStep[] = [];
    const s = simulate({ steps: 400, seed: 5, images: 40, accounts: 3, weights: { invalid: 0, share: 60 }, onStep: (x) => steps.push(x), keepEvery: 100 });
    expect(listAccounts(s.state).map((a) => a.id)).toEqual(['acc0', 'acc1', 'acc2']);
    expect(steps.map((x) => x.index)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    expect(steps.filter((x) => x.command.type === 'share').length).toBeGreaterThan(100);
    expect(s.kept).toHaveLength(4);
    expect(s.kept[3]).toBe(s.state);
    expect(s.kept[0]).toBe(steps[99]?.state);
    expect(() => simulate({ steps: 1, seed: 1, images: 1, weights: Object.fromEntries(Object.keys(DEFAULT_STREAM_WEIGHTS).map((k) => [k, 0])) })).toThrow(RangeError);
  });

  it('W4 commandStream aims at a given state and, with the defaults, at least 60% of its commands succeed', () => {
    const start = simulate({ steps: 0, seed: 2, images: 200 }).state;
    const { state, ok } = lockstep(start, commandStream(start, { seed: 9 }), commandStream(start, { seed: 9 }), 2_000);
    expect(ok / 2_000).toBeGreaterThanOrEqual(0.6);
    expect(checkInvariants(state)).toEqual([]);
  });

  it('F3 a commandStream survives whatever it is handed: observe ignores what is not a result, next answers for a non-state, addAccount refuses a malformed account and adds nothing', () => {
    const state = simulate({ steps: 0, seed: 3, images: 100 }).state;
    const stream = commandStream(state, { seed: 4 });
    const twin = commandStream(state, { seed: 4 });
    const trap = new Proxy({}, { get: () => { throw new Error('trap'); } });
    const junk: unknown[] = [
      undefined, null, 5, 'ok', state, { ok: true }, { ok: true, events: 5 }, { ok: true, events: [null, 7, trap] },
      { ok: true, events: [{ type: 'image_registered' }, { type: 'account_added', account: { id: 3 } }, { type: 'image_shared', membership: null }] },
      trap,
    ];
    for (const x of junk) expect(() => stream.observe(x as never)).not.toThrow();
    for (const x of [null, undefined, {}, { id: 'x' }, { id: 'x', site: 7 }]) expect(() => stream.addAccount(x as never)).toThrow(TypeError);
    for (const x of [undefined, null, {}, 42]) expect(stream.next(x as never)).toEqual({ type: 'accept', actor: 'nobody', imageId: 'nothing' });
    // None of it changed the stream: it goes on exactly as a twin that was handed nothing.
    lockstep(state, stream, twin, 500);
    expect(stream.images).toEqual(twin.images);
    expect(stream.accounts).toEqual(twin.accounts);
  });

  it('E4 E5 a stream with changeOs and createDataDisk weighted aims them at fitting images: most succeed', () => {
    const weights = { ...Object.fromEntries(Object.keys(DEFAULT_STREAM_WEIGHTS).map((k) => [k, 0])), createServer: 1, registerImage: 1, changeOs: 3, createDataDisk: 3 };
    const by = new Map<string, { all: number; ok: number }>();
    simulate({
      steps: 4_000, seed: 11, images: 400, weights,
      onStep: ({ command, result }) => {
        const type = (command as { type: string }).type;
        const n = by.get(type) ?? { all: 0, ok: 0 };
        by.set(type, { all: n.all + 1, ok: n.ok + (result.ok ? 1 : 0) });
      },
    });
    // Aimed at any image, changeOs succeeded 6 times in 1,530 and createDataDisk 373 in 1,508 (seed 11).
    for (const type of ['changeOs', 'createDataDisk']) {
      const n = by.get(type) ?? { all: 0, ok: 0 };
      expect(n.all, type).toBeGreaterThan(1_000);
      expect(n.ok / n.all, type).toBeGreaterThan(0.6);
    }
  });
});

