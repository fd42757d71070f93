/**
 * `npm run bench [-- --quick] [-- --sizes 1000,100000]`: the seeded benchmark of the
 * performance issue. For each world size it builds the library world and the reference world
 * (a plain mutable implementation of the same rules), replays the same fixed mix of commands
 * through both, and reports median and p99 microseconds per command, commands per second,
 * their ratio, scaling from the smallest to the largest size, build times, heap per image, the
 * extra heap per retained state, the whole stream at once (the batch path), the snapshot both
 * ways (and loads of its JSON file in fresh processes), `diff`, and query timings. Writes
 * bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'tsup';
import type * as Library from '../src/index.js';
import type { Command, Result, Snapshot, State } from '../src/index.js';
import type * as Kit from '../src/testing/index.js';
import { manyProjects } from './many-projects.js';
import { naiveImmer } from './naive-immer.js';
import { flagsOrExit } from '../scripts/cli.js';
import { BENCH_CONFIG, generateStream, generatorFor, prng, worldCommands } from './workload.js';

/*
 * What is timed is the package as users run it: the library and the reference model (the
 * testing entry) are built by tsup, as `npm pack` builds them, into bench/.dist and loaded from
 * there. Run from the sources through tsx, every closure made would also pay for esbuild's
 * `keepNames` (a `defineProperty` each), on both sides.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'bench', '.dist');
await build({
  entry: { index: join(root, 'src/index.ts'), testing: join(root, 'src/testing/index.ts') },
  format: ['esm'], outDir: built, dts: false, clean: true, silent: true, splitting: false, target: 'node20',
  external: ['fast-check', 'zod', 'immer'], config: false,
});
const library = (await import(pathToFileURL(join(built, 'index.js')).href)) as typeof Library;
const kit = (await import(pathToFileURL(join(built, 'testing.js')).href)) as typeof Kit;
const { apply, canUseImage, createWorld, diff, exposure, fromSnapshot, imagesSharedWith, replayBatch, toSnapshot } = library;
const { ReferenceModel, runReference } = kit;
type ReferenceModel = Kit.ReferenceModel;

const flags = flagsOrExit('bench', {
  quick: { kind: 'switch', help: 'a short run (about a minute)' },
  sizes: { kind: 'ints', min: 100, max: 2_000_000, help: 'world sizes in images, comma-separated (100 to 2,000,000 each)' },
});
const quick = flags.quick === true;
const SIZES = flags.sizes ?? (quick ? [1_000, 100_000] : [1_000, 100_000, 1_000_000]);
const COMMANDS = quick ? 20_000 : 100_000;
const RETAINED = quick ? 2_000 : 10_000;
const QUERY_CALLS = quick ? 2_000 : 10_000;
const SEED = 20261127;

const gc = (globalThis as { gc?: () => void }).gc;
function heap(): number {
  if (gc !== undefined) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

function stats(samples: Float64Array): { median: number; p99: number; mean: number } {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) * 1000;
  const mean = (samples.reduce((a, b) => a + b, 0) / samples.length) * 1000;
  return { median: at(0.5), p99: at(0.99), mean };
}

const runLibrary = (state: State, c: Command): Result => apply(state, c);

/** The library's world, built on the batch path (`replayBatch`: one transient, frozen at the end). */
function buildLibrary(images: number): { state: State; ms: number } {
  const commands = [...worldCommands(images)];
  const t0 = performance.now();
  const { state, results } = replayBatch(createWorld(undefined, BENCH_CONFIG), commands);
  const ms = performance.now() - t0;
  const refused = results.findIndex((r) => !r.ok);
  if (refused >= 0) throw new Error(`library set-up refused command ${refused}`);
  return { state, ms };
}

function buildReference(images: number): { model: ReferenceModel; ms: number } {
  const t0 = performance.now();
  const model = ReferenceModel.fromSnapshot(toSnapshot(createWorld(undefined, BENCH_CONFIG)));
  for (const c of worldCommands(images)) {
    const r = runReference(model, c);
    if (!r.ok) throw new Error(`reference set-up refused ${c.type}: ${r.code}`);
  }
  return { model, ms: performance.now() - t0 };
}

/** The floor: a plain mutable Map of `n` entries, updated at random keys. */
function mapFloor(n: number, updates: number): { median: number; p99: number; mean: number } {
  const map = new Map<string, { v: number }>();
  for (let i = 0; i < n; i++) map.set(`img${i}`, { v: i });
  const rnd = prng(SEED);
  const keys = Array.from({ length: updates }, () => `img${Math.floor(rnd() * n)}`);
  const t = new Float64Array(updates);
  for (let i = 0; i < updates; i++) {
    const k = keys[i] as string;
    const t0 = performance.now();
    map.set(k, { v: (map.get(k)?.v ?? 0) + 1 });
    t[i] = performance.now() - t0;
  }
  return stats(t);
}

function timeQueries<T>(calls: number, f: (i: number) => T): { median: number; p99: number; mean: number } {
  const t = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    f(i);
    t[i] = performance.now() - t0;
  }
  return stats(t);
}

interface SizeResult {
  images: number;
  /**
   * The whole stream at once: the batch path (`replayBatch`) against the reference's plain
   * loop, medians of {@link STREAM_RUNS} runs (`runs` holds them); `ratio` is of the medians.
   */
  replay: { libraryMs: number; referenceMs: number; ratio: number; oneByOneMs: number; runs: { libraryMs: number[]; referenceMs: number[] } };
  /**
   * `toSnapshot` and `fromSnapshot` (shape, references, every invariant) of the world after the
   * stream; `referenceFromMs`: the reference model loading the same snapshot into plain `Map`s,
   * checking nothing (the floor to read `fromMs` against); `loadedBytesPerImage`: the heap the
   * loaded state holds, per image of the snapshot (the snapshot itself stays alive throughout).
   * `toMs` is the median of {@link STREAM_RUNS} calls (`toRunsMs`, in order); the loads one run
   * each: see {@link STREAM_RUNS} for why. `fresh`: the same loads from the snapshot's
   * JSON file, each in a fresh process ({@link timeFreshLoads}); `null` when the snapshot's text
   * is too long for one string.
   */
  snapshot: {
    toMs: number; toRunsMs: number[]; fromMs: number; referenceFromMs: number; loadedBytesPerImage: number;
    fresh: { fromMs: number; referenceFromMs: number; runs: { fromMs: number[]; referenceFromMs: number[] } } | null;
  };
  diff: { medianUs: number; p99Us: number };
  build: { libraryMs: number; referenceMs: number };
  heapBytesPerImage: { library: number; reference: number };
  commands: {
    count: number;
    library: { median: number; p99: number; mean: number; perSecond: number };
    reference: { median: number; p99: number; mean: number; perSecond: number };
    ratioMedian: number;
    ratioMean: number;
    outcomesAgree: boolean;
    okCount: number;
  };
  mapFloor: { median: number; p99: number };
  retainedBytesPerState: number;
  queries: Record<string, { library: number; reference: number; ratio: number }>;
}

/**
 * Runs of the whole stream. One run is one sample of a noisy machine (run 18 ran the batch
 * path slower than one by one): the median of three is reported, and every run kept. No
 * collection is forced between runs (run 23 forced one before each; in a slower phase of the
 * machine, every run of both sides came out slower: the reference's stream over the 1M world
 * 1,007 to 1,348 ms, against 600 to 639 ms in run 24 without).
 *
 * The loads stay one run each (`toSnapshot` is timed three times: see {@link timeSnapshots}):
 * a second and a third load of the 1M world each inherit a dead million-image world and the
 * collector pays for it inside them (run 24: 3,213 ms, then 6,516 and 5,615), and a `gc()`
 * before each load slows every load (medians of six in one process: 3.7 against 3.1 s, the
 * reference's 2.8 against 2.4 s); the first load in the process is the condition of runs 1
 * to 22.
 */
const STREAM_RUNS = 3;

/** The median of a few samples. */
const medianOf = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * The whole stream at once, {@link STREAM_RUNS} times: the library's batch path, and the
 * reference on a fresh model without timers; the medians are reported and every run kept. A
 * function of its own, so that what it builds (the reference worlds, the batch's final
 * states) is garbage once it returns, before the retained heap is measured.
 */
function timeWholeStream(images: number, initial: State, stream: readonly Command[], outcomes: readonly string[]): { batchMs: number; refWholeMs: number; runs: { libraryMs: number[]; referenceMs: number[] } } {
  const runs = { libraryMs: [] as number[], referenceMs: [] as number[] };
  for (let r = 0; r < STREAM_RUNS; r++) {
    const fresh = buildReference(images).model;
    const tb = performance.now();
    const batch = replayBatch(initial, stream);
    runs.libraryMs.push(performance.now() - tb);
    if (batch.results.some((x, i) => (x.ok ? 'ok' : x.error.code) !== outcomes[i])) throw new Error('batch path outcomes differ');
    const trr = performance.now();
    for (const c of stream) runReference(fresh, c);
    runs.referenceMs.push(performance.now() - trr);
  }
  return { batchMs: medianOf(runs.libraryMs), refWholeMs: medianOf(runs.referenceMs), runs };
}

/**
 * `toSnapshot` and `fromSnapshot` (shape, references, every invariant) of the world after the
 * stream, and the reference model loading the same snapshot; the loaded worlds die with the call.
 * `toSnapshot` is then timed {@link STREAM_RUNS} - 1 times more, after the loads (so that the
 * first load in the process inherits no more garbage than before), and the median reported: a
 * full collection of the bench's earlier garbage can land inside any one call (run 28: 4,335 ms
 * at 1M, where runs 12 to 27 gave 0.8 to 1.6 s; a trace of the same day shows a 1.9 s
 * mark-compact of 4.8 GB of garbage in that window).
 */
function timeSnapshots(state: State): Omit<SizeResult['snapshot'], 'loadedBytesPerImage' | 'fresh'> {
  const toRunsMs: number[] = [];
  const timeTo = (): Snapshot => {
    const ts0 = performance.now();
    const snap = toSnapshot(state);
    toRunsMs.push(performance.now() - ts0);
    return snap;
  };
  const snap = timeTo();
  const tf0 = performance.now();
  const back = fromSnapshot(snap);
  const fromMs = performance.now() - tf0;
  if (!back.ok) throw new Error(`fromSnapshot refused the bench world: ${back.error.message}`);
  const trf0 = performance.now();
  ReferenceModel.fromSnapshot(snap);
  const referenceFromMs = performance.now() - trf0;
  while (toRunsMs.length < STREAM_RUNS) timeTo();
  return { toMs: medianOf(toRunsMs), toRunsMs, fromMs, referenceFromMs };
}

/** Loads of a saved world, each in a fresh process, per side (one with `--quick`). */
const FRESH_RUNS = quick ? 1 : 3;

/**
 * `fromSnapshot` as a simulator starting from a saved world runs it: the snapshot written to a
 * JSON file, then, {@link FRESH_RUNS} times for each side, alternating, a fresh process (with
 * this one's heap flags) that reads and parses the file, untimed, and times one load
 * (`bench/load-fresh.ts`): the library's `fromSnapshot`, or the reference model loading it
 * into its `Map`s. Medians, and every run. In this process, the first load of the 1M world
 * may also pay for a full collection of the garbage the bench's earlier steps left (traced on
 * run 25's code: a 2.4 s mark-compact of a 6.6 GB heap inside a 6.2 s load); a fresh process
 * holds only the snapshot. `null` when the snapshot's text does not fit in one string.
 */
function timeFreshLoads(snap: Snapshot): SizeResult['snapshot']['fresh'] {
  let text: string;
  try {
    text = JSON.stringify(snap);
  } catch {
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ims-bench-'));
  try {
    const file = join(dir, 'snapshot.json');
    writeFileSync(file, text);
    text = '';
    const heapFlags = process.execArgv.filter((a) => a.startsWith('--max-'));
    const load = (side: 'library' | 'reference'): number => {
      const out = execFileSync(process.execPath, [...heapFlags, '--import', 'tsx', join(root, 'bench', 'load-fresh.ts'), built, file, side], { encoding: 'utf8', cwd: root });
      const { ms, ok } = JSON.parse(out) as { ms: number; ok: boolean };
      if (!ok) throw new Error('fromSnapshot refused the bench world in a fresh process');
      return ms;
    };
    const runs = { fromMs: [] as number[], referenceFromMs: [] as number[] };
    for (let r = 0; r < FRESH_RUNS; r++) {
      const [first, second] = r % 2 === 0 ? (['library', 'reference'] as const) : (['reference', 'library'] as const);
      for (const side of [first, second]) (side === 'library' ? runs.fromMs : runs.referenceFromMs).push(load(side));
    }
    return { fromMs: medianOf(runs.fromMs), referenceFromMs: medianOf(runs.referenceFromMs), runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The heap a state loaded by `fromSnapshot` from `snap` holds, per image of it. Measured last,
 * untimed, so that its collections run before no timing of the size.
 */
function loadedBytesPerImage(snap: Snapshot): number {
  const h0 = heap();
  const back = fromSnapshot(snap);
  const bytes = heap() - h0;
  if (!back.ok) throw new Error(`fromSnapshot refused the bench world: ${back.error.message}`);
  return bytes / snap.images.length;
}

function runSize(images: number): SizeResult {
  console.error(`\n== ${images.toLocaleString('en')} images ==`);
  const h0 = heap();
  const lib = buildLibrary(images);
  const h1 = heap();
  console.error(`library world built in ${(lib.ms / 1000).toFixed(2)} s`);
  const ref = buildReference(images);
  const h2 = heap();
  console.error(`reference world built in ${(ref.ms / 1000).toFixed(2)} s`);
  const stream = generateStream(generatorFor(images), COMMANDS, SEED + images);
  console.error(`stream of ${stream.length.toLocaleString('en')} commands generated`);

  const initial = lib.state;
  let state = initial;
  const tl = new Float64Array(stream.length);
  const outcomes: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < stream.length; i++) {
    const c = stream[i] as Command;
    const s = performance.now();
    const r = runLibrary(state, c);
    tl[i] = performance.now() - s;
    if (r.ok) state = r.state;
    outcomes.push(r.ok ? 'ok' : r.error.code);
  }
  const libTotal = performance.now() - t0;
  const tr = new Float64Array(stream.length);
  let agree = true;
  const t1 = performance.now();
  for (let i = 0; i < stream.length; i++) {
    const c = stream[i] as Command;
    const s = performance.now();
    const r = runReference(ref.model, c);
    tr[i] = performance.now() - s;
    if ((r.ok ? 'ok' : r.code) !== outcomes[i]) agree = false;
  }
  const refTotal = performance.now() - t1;

  const each = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  const whole = timeWholeStream(images, initial, stream, outcomes);
  const { batchMs, refWholeMs } = whole;
  console.error(`whole stream: batch ${each(whole.runs.libraryMs)} ms, reference ${each(whole.runs.referenceMs)} ms (medians in the table), one by one ${libTotal.toFixed(0)} ms`);
  const snapshot = timeSnapshots(state);
  console.error(`toSnapshot ${each(snapshot.toRunsMs)} ms (median in the table), fromSnapshot ${snapshot.fromMs.toFixed(0)} ms, reference load ${snapshot.referenceFromMs.toFixed(0)} ms`);

  // diff of two states one command apart.
  const td = new Float64Array(Math.min(QUERY_CALLS, stream.length));
  let ds = initial;
  for (let i = 0; i < td.length; i++) {
    const r = runLibrary(ds, stream[i] as Command);
    const next = r.ok ? r.state : ds;
    const t = performance.now();
    diff(ds, next);
    td[i] = performance.now() - t;
    ds = next;
  }
  const dstats = stats(td);
  const ls = stats(tl);
  const rs = stats(tr);
  console.error(`library median ${ls.median.toFixed(2)} µs, reference ${rs.median.toFixed(2)} µs, outcomes agree: ${agree}`);

  // Extra heap per retained state: keep every state of a run of RETAINED commands.
  const kept: State[] = [];
  const hr0 = heap();
  let s = initial;
  for (let i = 0; i < RETAINED; i++) {
    const r = runLibrary(s, stream[i] as Command);
    if (r.ok) s = r.state;
    kept.push(s);
  }
  const retained = (heap() - hr0) / RETAINED;
  kept.length = 0;

  const floor = mapFloor(images, COMMANDS);
  const rnd = prng(SEED);
  const principals = [...ref.model.principals.keys()];
  const imageIds = [...ref.model.images.keys()];
  const pairs = Array.from({ length: QUERY_CALLS }, () => [principals[Math.floor(rnd() * principals.length)] as string, imageIds[Math.floor(rnd() * imageIds.length)] as string] as const);
  const query = (name: string, libF: (i: number) => unknown, refF: (i: number) => unknown) => {
    timeQueries(Math.min(500, QUERY_CALLS), libF);
    timeQueries(Math.min(500, QUERY_CALLS), refF);
    const l = timeQueries(QUERY_CALLS, libF).median;
    const r = timeQueries(QUERY_CALLS, refF).median;
    return [name, { library: l, reference: r, ratio: l / r }] as const;
  };
  const sharedCount = imagesSharedWith(state, 'reader', 'cn-north-4').length;
  const queries = Object.fromEntries([
    query(`imagesSharedWith (${sharedCount} images)`, () => imagesSharedWith(state, 'reader', 'cn-north-4'), () => ref.model.imagesSharedWith('reader', 'cn-north-4')),
    query('canUseImage', (i) => canUseImage(state, pairs[i]?.[0] as string, pairs[i]?.[1] as string), (i) => ref.model.canUseImage(pairs[i]?.[0] as string, pairs[i]?.[1] as string)),
    query('exposure (lineage 5 deep)', () => exposure(state, 'chain0'), () => ref.model.exposureAccounts('chain0')),
  ]);
  // One snapshot of the world after the stream for both: the loaded heap, then the fresh loads.
  const saved = toSnapshot(state);
  const loaded = loadedBytesPerImage(saved);
  console.error(`heap of the state fromSnapshot loads: ${loaded.toFixed(0)} B per image`);
  const fresh = timeFreshLoads(saved);
  console.error(fresh === null
    ? 'loads in a fresh process: skipped (the snapshot text is too long for one string)'
    : `loads in a fresh process: fromSnapshot ${each(fresh.runs.fromMs)} ms, reference ${each(fresh.runs.referenceFromMs)} ms (medians in the table)`);
  return {
    images,
    replay: { libraryMs: batchMs, referenceMs: refWholeMs, ratio: batchMs / refWholeMs, oneByOneMs: libTotal, runs: whole.runs },
    snapshot: { ...snapshot, loadedBytesPerImage: loaded, fresh },
    diff: { medianUs: dstats.median, p99Us: dstats.p99 },
    build: { libraryMs: lib.ms, referenceMs: ref.ms },
    heapBytesPerImage: { library: (h1 - h0) / images, reference: (h2 - h1) / images },
    commands: {
      count: stream.length,
      library: { ...ls, perSecond: (stream.length / libTotal) * 1000 },
      reference: { ...rs, perSecond: (stream.length / refTotal) * 1000 },
      ratioMedian: ls.median / rs.median,
      ratioMean: ls.mean / rs.mean,
      outcomesAgree: agree,
      okCount: outcomes.filter((o) => o === 'ok').length,
    },
    mapFloor: { median: floor.median, p99: floor.p99 },
    retainedBytesPerState: retained,
    queries,
  };
}

/** Warm both implementations up, so the first size is not measured cold. */
function warmUp(): void {
  const lib = buildLibrary(2_000);
  const ref = buildReference(2_000).model;
  const stream = generateStream(generatorFor(2_000), 20_000, 1);
  let s = lib.state;
  for (const c of stream) {
    const r = runLibrary(s, c);
    if (r.ok) s = r.state;
    runReference(ref, c);
  }
}

warmUp();
const results = SIZES.map(runSize);
const first = results[0] as SizeResult;
const last = results[results.length - 1] as SizeResult;
const f = (n: number, d = 2) => n.toFixed(d);
console.log(`\nims-sharing benchmark (${quick ? 'quick' : 'full'}; ${COMMANDS.toLocaleString('en')} commands per size; seed ${SEED}; node ${process.version})\n`);
console.log('| images | build lib (s) | build ref (s) | heap/image lib (B) | heap/image ref (B) | lib median µs | lib p99 µs | lib cmd/s | ref median µs | ref p99 µs | ref cmd/s | ratio (median) | ratio (mean) | Map floor median µs | retained/state (B) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const c = r.commands;
  console.log(`| ${r.images.toLocaleString('en')} | ${f(r.build.libraryMs / 1000)} | ${f(r.build.referenceMs / 1000)} | ${f(r.heapBytesPerImage.library, 0)} | ${f(r.heapBytesPerImage.reference, 0)} | ${f(c.library.median)} | ${f(c.library.p99)} | ${f(c.library.perSecond, 0)} | ${f(c.reference.median)} | ${f(c.reference.p99)} | ${f(c.reference.perSecond, 0)} | ${f(c.ratioMedian)} | ${f(c.ratioMean)} | ${f(r.mapFloor.median, 3)} | ${f(r.retainedBytesPerState, 0)} |`);
}
console.log('\n| images | whole stream, batch path (ms) | reference (ms) | ratio | one by one (ms) | toSnapshot (ms) | fromSnapshot (ms) | reference load (ms) | fromSnapshot, fresh process (ms) | reference load, fresh process (ms) | loaded heap/image (B) | diff median µs | diff p99 µs |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const fresh = r.snapshot.fresh;
  console.log(`| ${r.images.toLocaleString('en')} | ${f(r.replay.libraryMs, 0)} | ${f(r.replay.referenceMs, 0)} | ${f(r.replay.ratio)} | ${f(r.replay.oneByOneMs, 0)} | ${f(r.snapshot.toMs, 0)} | ${f(r.snapshot.fromMs, 0)} | ${f(r.snapshot.referenceFromMs, 0)} | ${fresh === null ? '—' : f(fresh.fromMs, 0)} | ${fresh === null ? '—' : f(fresh.referenceFromMs, 0)} | ${f(r.snapshot.loadedBytesPerImage, 0)} | ${f(r.diff.medianUs)} | ${f(r.diff.p99Us)} |`);
}
const naive = [1_000, 10_000].map((n) => ({ images: n, ...naiveImmer(n, quick ? 300 : 1_000, SEED) }));
console.log('\n| images | naive immer share median µs | naive immer accept median µs |');
console.log('| ---: | ---: | ---: |');
for (const n of naive) console.log(`| ${n.images.toLocaleString('en')} | ${f(n.shareMedianUs)} | ${f(n.acceptMedianUs)} |`);
manyProjects(library, 100, 100); // warm-up
const projectRows = [100, 10_000].map((n) => manyProjects(library, n, quick ? 100 : 1_000));
console.log('\n| projects of one account in one region | addProject median µs | registerImage median µs | reject (project named) median µs |');
console.log('| ---: | ---: | ---: | ---: |');
for (const p of projectRows) console.log(`| ${p.projects.toLocaleString('en')} | ${f(p.addProjectUs)} | ${f(p.registerImageUs)} | ${f(p.rejectUs)} |`);
console.log('\n| images | query | library median µs | reference median µs | ratio |');
console.log('| ---: | --- | ---: | ---: | ---: |');
for (const r of results) {
  for (const [name, q] of Object.entries(r.queries)) console.log(`| ${r.images.toLocaleString('en')} | ${name} | ${f(q.library)} | ${f(q.reference)} | ${f(q.ratio)} |`);
}
const scaling = last.commands.ratioMedian / first.commands.ratioMedian;
console.log(`\nlibrary/reference median ratio at ${last.images.toLocaleString('en')} vs ${first.images.toLocaleString('en')} images: ${f(scaling)}x (target <= 1.5x)`);
console.log(`library median ${last.images.toLocaleString('en')}/${first.images.toLocaleString('en')} scaling: ${f(last.commands.library.median / first.commands.library.median)}x; reference: ${f(last.commands.reference.median / first.commands.reference.median)}x; Map floor: ${f(last.mapFloor.median / first.mapFloor.median)}x`);
console.log(`outcomes of library and reference agree at every size: ${results.every((r) => r.commands.outcomesAgree)}`);
const out = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
writeFileSync(out, `${JSON.stringify({ quick, seed: SEED, node: process.version, commandsPerSize: COMMANDS, retainedRun: RETAINED, results, naiveImmer: naive, manyProjects: projectRows, scalingRatio: scaling }, null, 2)}\n`);
console.log(`\nwrote ${out}`);
