/**
 * Type-checks every TSDoc `@example` of the sources, and the TypeScript blocks of the guides in
 * docs/, as a user would paste them: each example
 * becomes a module of its own that sees every export of the three entries (values and types)
 * and a few free names the examples use (`state`, `world`, `server`, ...), declared with their
 * types. test/docs.test.ts asserts that `tsc` finds nothing in them.
 *
 * `npx tsx scripts/tsdoc-examples.ts` prints what `tsc` reports.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Inside the repository, so that `fast-check` and `@types/node` resolve; outside what `npm run typecheck` reads. */
const out = join(root, 'node_modules', '.cache', 'ims-sharing-examples');

const ENTRIES = [['L', 'src/index.ts'], ['K', 'src/testing/index.ts'], ['H', 'src/http/index.ts']] as const;

/** The names an entry exports: values and types. */
function exportsOf(entry: string): { values: Set<string>; types: Set<string> } {
  const values = new Set<string>();
  const types = new Set<string>();
  for (const m of readFileSync(join(root, entry), 'utf8').matchAll(/^export (type )?\{([^}]*)\}/gm)) {
    for (const raw of (m[2] as string).split(',')) {
      const name = raw.trim();
      if (name === '') continue;
      if (name.startsWith('type ')) types.add(name.slice(5).trim());
      else (m[1] === undefined ? values : types).add(name);
    }
  }
  return { values, types };
}

/** The free names the examples use, with their types. */
const FREE = `declare let state: L.State; declare let world: L.State; declare let server: H.ApiServer; declare const plan: K.CommandPlan;
declare const tokens: Record<string, H.TokenGrant>; declare const error: unknown; declare const membership: L.Membership;
declare const image: L.Image; declare const req: { headers: Record<string, string> }; declare const cmds: K.PlannedCommand[];
declare const r: L.Result; declare const result: Extract<L.Result, { ok: true }>; declare const commandList: readonly L.Command[];
declare const setupCommands: readonly L.Command[]; declare const text: string; declare const model: K.ReferenceModel;
declare const command: unknown; declare function log(...values: unknown[]): void;
declare function expect(value: unknown): { toEqual(expected: unknown): void };`;

/** Every `@example` code block of the sources, with the file it documents. */
function examples(): { file: string; code: string }[] {
  const found: { file: string; code: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)) {
          const code = (m[1] as string).split('\n').map((l) => l.replace(/^\s*\* ?/, '')).filter((l) => !l.startsWith('import ')).join('\n');
          found.push({ file: relative(root, path), code });
        }
      }
    }
  };
  walk(join(root, 'src'));
  // The TypeScript blocks of the guides that test/package.test.ts does not already compile and run
  // against the packed package (README.md's, docs/http.md's and docs/testing.md's).
  const packaged = new Set(['README.md', 'docs/http.md', 'docs/testing.md']);
  for (const doc of readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`).filter((f) => !packaged.has(f))) {
    for (const m of readFileSync(join(root, doc), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
      found.push({ file: doc, code: (m[1] as string).split('\n').filter((l) => !l.startsWith('import ')).join('\n') });
    }
  }
  return found;
}

/** Writes one module per example and runs `tsc` on them: its error lines, each with the source file of its example. */
export function checkExamples(): string[] {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const parts = ENTRIES.map(([alias, entry]) => ({ alias, entry, ...exportsOf(entry) }));
  const taken = new Set<string>();
  const lines = ["import fc from 'fast-check';"];
  for (const { alias, entry, values, types } of parts) {
    const path = relative(out, join(root, entry)).replace(/\.ts$/, '.js');
    const own = (names: Set<string>) => [...names].filter((n) => !taken.has(n)).sort();
    const v = own(values);
    const t = own(types);
    lines.push(`import * as ${alias} from '${path}';`);
    if (t.length > 0) lines.push(`import type { ${t.join(', ')} } from '${path}';`);
    if (v.length > 0) lines.push(`const { ${v.join(', ')} } = ${alias};`);
    for (const n of [...v, ...t]) taken.add(n);
  }
  const preamble = `${lines.join('\n')}\n${FREE}\n`;
  const sources = examples();
  sources.forEach(({ file, code }, i) => {
    writeFileSync(join(out, `example${String(i).padStart(3, '0')}.ts`), `// ${file}\n${preamble}export async function example(): Promise<void> {\n${code}\n}\n`);
  });
  writeFileSync(join(out, 'tsconfig.json'), JSON.stringify({
    extends: relative(out, join(root, 'tsconfig.json')),
    compilerOptions: { noUnusedLocals: false, noEmit: true },
    include: ['*.ts'],
  }));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(out, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
  return run.stdout.split('\n').filter((l) => l.includes('error TS')).map((l) => {
    const n = /example(\d+)\.ts/.exec(l);
    return n === null ? l : `${sources[Number(n[1])]?.file ?? '?'}: ${l}`;
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const errors = checkExamples();
  console.log(errors.length === 0 ? 'every @example type-checks' : errors.join('\n'));
}
