/**
 * `npm run simulate -- --steps N --seed S [--images M]`: a seeded random workload over the
 * default world, with a progress bar on stderr for long runs and a summary on stdout. Flags
 * are strict (F7): an unknown flag or a value out of bounds exits with code 2.
 */
import { simulate } from '../src/index.js';
import { flagsOrExit } from './cli.js';

const SPEC = {
  steps: { kind: 'int', min: 1, max: 100_000_000, help: 'how many commands to run (1 to 100,000,000; default 10,000)' },
  seed: { kind: 'int', min: 0, max: 0xffff_ffff, help: 'the seed of the workload (0 to 4,294,967,295; default 1)' },
  images: { kind: 'int', min: 1, max: 2_000_000, help: 'images in the initial world (1 to 2,000,000; default 1,000)' },
} as const;

const flags = flagsOrExit('simulate', SPEC);
const steps = flags.steps ?? 10_000;
const seed = flags.seed ?? 1;
const images = flags.images ?? 1_000;
const tty = process.stderr.isTTY === true;
const bar = (done: number, total: number): void => {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
  if (tty) process.stderr.write(`\r${line}`);
  else if (done === total || done % Math.max(1, Math.floor(total / 10)) === 0) process.stderr.write(`${line}\n`);
};

const s = simulate({ steps, seed, images, onProgress: bar, progressEvery: Math.max(1, Math.floor(steps / 100)) });
if (tty) process.stderr.write('\n');
const n = (x: number) => x.toLocaleString('en');
console.log(`ims-sharing simulation: ${n(steps)} commands, seed ${seed}, ${n(images)} initial images`);
console.log(`set-up ${(s.setupMs / 1000).toFixed(2)} s; run ${(s.runMs / 1000).toFixed(2)} s; ${n(Math.round(s.commandsPerSecond))} commands per second`);
console.log('results by code:');
for (const [code, count] of Object.entries(s.results).sort((a, b) => b[1] - a[1])) console.log(`  ${code.padEnd(34)} ${n(count).padStart(10)}`);
console.log(`final: ${n(s.images)} images; memberships ${n(s.memberships.accepted)} accepted, ${n(s.memberships.pending)} pending, ${n(s.memberships.rejected)} rejected; ${n(s.servers)} servers`);
console.log(s.invariantsChecked ? `invariants checked: ${s.invariantViolations === 0 ? 'all hold' : `${s.invariantViolations} broken`}` : 'invariants not checked');
process.exitCode = s.invariantViolations === 0 ? 0 : 1;
