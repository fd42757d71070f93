/**
 * `npm run simulate -- --steps N --seed S [--images M]`: a seeded random workload over the
 * default world, with a progress bar on stderr for long runs and a summary on stdout.
 */
import { simulate } from '../src/index.js';

function option(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = (args[i] as string).includes('=') ? (args[i] as string).split('=')[1] : args[i + 1];
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} takes a whole number, not '${raw}'`);
    process.exit(2);
  }
  return n;
}

const steps = option('steps', 10_000);
const seed = option('seed', 1);
const images = option('images', 1_000);
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
