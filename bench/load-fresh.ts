/**
 * One load of a saved world in a fresh process, as a simulator starts from one: read the
 * snapshot's JSON file and parse it (untimed), then time `fromSnapshot` (the library) or
 * `ReferenceModel.fromSnapshot` (the reference, checking nothing) once, and print
 * `{"ms": ..., "ok": ...}` on stdout. Run by `bench/run.ts` (`timeFreshLoads`), never by hand:
 *
 * `node --import tsx bench/load-fresh.ts <built package dir> <snapshot.json> library|reference`
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Library from '../src/index.js';
import type * as Kit from '../src/testing/index.js';

const [built, file, side] = process.argv.slice(2);
if (built === undefined || file === undefined || (side !== 'library' && side !== 'reference')) {
  process.stderr.write('usage: load-fresh.ts <built package dir> <snapshot.json> library|reference\n');
  process.exit(2);
}
const library = (await import(pathToFileURL(join(built, 'index.js')).href)) as typeof Library;
const kit = (await import(pathToFileURL(join(built, 'testing.js')).href)) as typeof Kit;
const snapshot: unknown = JSON.parse(readFileSync(file, 'utf8'));
const t0 = performance.now();
let ok = true;
if (side === 'library') ok = library.fromSnapshot(snapshot).ok;
else kit.ReferenceModel.fromSnapshot(snapshot as Library.Snapshot);
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ ms, ok })}\n`);
