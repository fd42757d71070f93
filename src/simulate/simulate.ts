/**
 * `simulate(options)`: a random but seeded workload over the default world, for users who
 * embed the library in a simulator and for `npm run simulate`. It keeps its own pools of live
 * ids from the commands' domain events, so aiming a command costs O(1) whatever the size of
 * the world.
 *
 * @module
 */
import { type Command, apply } from '../input/apply.js';
import { prng } from '../internal/prng.js';
import { checkInvariants } from '../invariants.js';
import type { Result } from '../result.js';
import type { ImageKind, MembershipStatus } from '../vocabulary.js';
import { closeTransient, openTransient, outsideTransient } from '../internal/pmap.js';
import { getAccount } from '../queries/getters.js';
import { listImages, listMemberships, listServers } from '../queries/listings.js';
import { type StreamKind, checkStreamOptions } from './mix.js';
import { CommandStream, HOME, KINDS } from './stream.js';
import type { State } from '../state/store.js';
import { createWorld } from '../state/world.js';

/**
 * One step of {@link simulate}, as `onStep` sees it.
 *
 * @example
 * ```ts
 * const onStep = (step: SimulationStep) => { if (!step.result.ok) log(step.command, step.result.error.code); };
 * ```
 */
export interface SimulationStep {
  /** 0 for the first random command. */
  readonly index: number;
  readonly command: Command;
  readonly result: Result;
  /** The state after the step (the same state when the command was refused). */
  readonly state: State;
}

/**
 * Options of {@link simulate}.
 *
 * @example
 * ```ts
 * const options: SimulateOptions = { steps: 10_000, seed: 42, images: 1_000, accounts: 50, keepEvery: 1_000 };
 * ```
 */
export interface SimulateOptions {
  /** How many random commands to run after the set-up. */
  readonly steps: number;
  /** The seed: the same seed gives the same run. */
  readonly seed: number;
  /** Images in the initial world. Default 1,000. */
  readonly images?: number;
  /** Accounts in the initial world (70% at the China site). Default one per 10 images, at least 2. */
  readonly accounts?: number;
  /** Relative weights of the command mix, over `DEFAULT_STREAM_WEIGHTS`: finite numbers of at least 0; 0 leaves a kind out; a key that is not a kind is refused. */
  readonly weights?: Partial<Record<StreamKind, number>>;
  /** Called after every random command with its result and the state it left. */
  readonly onStep?: (step: SimulationStep) => void;
  /** Keep every `keepEvery`-th state (after steps keepEvery, 2 keepEvery, ...) in `summary.kept`. */
  readonly keepEvery?: number;
  /** Called every `progressEvery` (default 1,000) steps with the steps done, for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
  /** Check every invariant at the end (O(world)). Default true. */
  readonly checkInvariants?: boolean;
}

/**
 * What {@link simulate} reports.
 *
 * @example
 * ```ts
 * const summary: SimulationSummary = simulate({ steps: 1_000, seed: 1 });
 * ```
 */
export interface SimulationSummary {
  readonly steps: number;
  readonly seed: number;
  readonly setupMs: number;
  readonly runMs: number;
  readonly commandsPerSecond: number;
  /** Outcomes of the random commands, by `ok` or violation code. */
  readonly results: Readonly<Record<string, number>>;
  readonly images: number;
  readonly memberships: Readonly<Record<MembershipStatus, number>>;
  readonly servers: number;
  readonly invariantsChecked: boolean;
  readonly invariantViolations: number;
  readonly state: State;
  /** The states kept with `keepEvery`, oldest first. */
  readonly kept: readonly State[];
}

/** A copy of the options, and of their weights, made with one read of each (the rest of `simulate` reads only the copy). */
function readOptions(options: SimulateOptions): SimulateOptions {
  if (typeof options !== 'object' || options === null) return options;
  const copy = { ...options };
  return typeof copy.weights === 'object' && copy.weights !== null ? { ...copy, weights: { ...copy.weights } } : copy;
}

/**
 * Runs a seeded random workload on a fresh default world: accounts over both sites (one per
 * 10 images, 70% at the China site), their images, then `steps` commands of a fixed mix
 * aimed at live ids, about a twelfth of them breaking a rule on purpose. Returns a summary
 * and the final state.
 *
 * @example
 * ```ts
 * const summary = simulate({ steps: 10_000, seed: 42 });
 * console.log(summary.commandsPerSecond, summary.results.ok);
 * ```
 */
export function simulate(options: SimulateOptions): SimulationSummary {
  // Each option is read once (a getter answers once), then checked and used: none is read during the batch.
  const o = readOptions(options);
  checkStreamOptions('simulate', o, ['steps', 'seed'], ['images', 'accounts', 'keepEvery', 'progressEvery']);
  const stream = new CommandStream(prng(o.seed), o.weights);
  let state = createWorld(undefined, { privateImageQuota: 10_000 });
  const run = (c: Command): Result => {
    const r = apply(state, c);
    if (r.ok) state = r.state;
    stream.observe(r);
    return r;
  };
  // The batch path (a transient, frozen once at the end) wherever no intermediate state is shown.
  const batch = o.onStep === undefined && !(o.keepEvery !== undefined && o.keepEvery > 0);
  let open = openTransient();
  let setupMs = 0;
  let t1 = 0;
  const results: Record<string, number> = Object.create(null) as Record<string, number>;
  const kept: State[] = [];
  try {
    const t0 = performance.now();
    const imageCount = o.images ?? 1_000;
    const accountCount = Math.max(1, o.accounts ?? Math.max(2, Math.ceil(imageCount / 10)));
    for (let i = 0; i < accountCount; i++) {
      run({ type: 'addAccount', id: `acc${i}`, name: `Account ${i}`, site: i % 10 < 7 ? 'china' : 'international' });
    }
    for (let n = 0; n < imageCount; n++) {
      const id = `acc${n % accountCount}`;
      const home = HOME[getAccount(state, id)?.site ?? 'china'] as readonly string[];
      run({ type: 'registerImage', actor: id, id: `img${n}`, projectId: `${id}:${home[n % home.length]}`, name: `image ${n}`, kind: KINDS[n % KINDS.length] as ImageKind });
    }
    if (!batch && open) {
      closeTransient();
      open = false;
    }
    setupMs = performance.now() - t0;
    const every = o.progressEvery ?? 1_000;
    t1 = performance.now();
    for (let step = 0; step < o.steps; step++) {
      const command = stream.next(state);
      const result = run(command);
      const key = result.ok ? 'ok' : result.error.code;
      results[key] = (results[key] ?? 0) + 1;
      o.onStep?.(Object.freeze({ index: step, command, result, state }));
      if (o.keepEvery !== undefined && o.keepEvery > 0 && (step + 1) % o.keepEvery === 0) kept.push(state);
      const progress = o.onProgress;
      // The caller's code: it runs with the batch's transient suspended.
      if (progress !== undefined && (step + 1) % every === 0) outsideTransient(() => progress(step + 1, o.steps));
    }
  } finally {
    // Also when a callback throws: the transient never outlives the call.
    if (open) closeTransient();
  }
  const runMs = performance.now() - t1;
  const memberships: Record<MembershipStatus, number> = { pending: 0, accepted: 0, rejected: 0 };
  for (const m of listMemberships(state)) memberships[m.status]++;
  const check = o.checkInvariants ?? true;
  return Object.freeze({
    steps: o.steps,
    seed: o.seed,
    setupMs,
    runMs,
    commandsPerSecond: runMs === 0 ? 0 : (o.steps / runMs) * 1000,
    results: Object.freeze({ ...results }),
    images: listImages(state).length,
    memberships: Object.freeze(memberships),
    servers: listServers(state).length,
    invariantsChecked: check,
    invariantViolations: check ? checkInvariants(state).length : 0,
    state,
    kept: Object.freeze(kept),
  });
}
