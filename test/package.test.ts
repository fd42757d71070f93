import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
let dir = '';
let tarball = '';

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
}

/** The ```ts blocks of a Markdown file. */
function tsBlocks(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  if (blocks.length === 0) throw new Error(`no ts block in ${file}`);
  return blocks;
}
const firstTsBlock = (file: string): string => tsBlocks(file)[0] as string;

describe('the published package', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ims-sharing-pack-'));
    // `npm pack` runs `prepack`, which builds ESM, CJS and .d.ts with tsup.
    run('npm', ['pack', '--pack-destination', dir, '--silent'], root);
    tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')) as string);
    const project = join(dir, 'consumer');
    mkdirSync(join(project, 'test'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', tarball, 'fast-check@^4', '--no-audit', '--no-fund', '--prefer-offline', '--silent'], project);
    // The test runner of the docs example comes from this repository.
    symlinkSync(join(root, 'node_modules', 'vitest'), join(project, 'node_modules', 'vitest'), 'dir');
  }, 240_000);

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('contains dist, docs, package.json, README, CHANGELOG and LICENSE, and no internal type in its .d.ts', () => {
    const files = run('tar', ['-tzf', tarball], dir).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files.filter((f) => !f.startsWith('dist/') && !f.startsWith('docs/') && !['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(f))).toEqual([]);
    for (const f of ['docs/concepts.md', 'docs/rules.md', 'docs/testing.md', 'LICENSE', 'CHANGELOG.md']) expect(files).toContain(f);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['repository', 'homepage', 'bugs']) expect(manifest[key]).toBeDefined();
    for (const f of files.filter((x) => x.endsWith('.d.ts') || x.endsWith('.d.cts'))) {
      const text = readFileSync(join(root, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      expect(text, f).not.toMatch(/\b(Tables|PMap|ProjectRecord|ImageRecord|AccountRecord|RetiredRecord|Lineage|Node)\b/);
    }
    for (const f of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/testing.js', 'dist/testing.cjs', 'dist/testing.d.ts', 'dist/http.js', 'dist/http.cjs', 'dist/http.d.ts']) {
      expect(files).toContain(f);
    }
  });

  it('is publint --strict clean', () => {
    expect(run(bin('publint'), ['run', '--strict', tarball], dir)).toContain('All good');
  });

  it('is attw clean (every entry resolves with types under node10, node16 CJS and ESM, and bundlers)', () => {
    const out = run(bin('attw'), [tarball, '--format', 'json'], dir);
    const report = JSON.parse(out) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
  });

  it('imports as ESM, requires as CJS, and imports ims-sharing/testing both ways', () => {
    const project = join(dir, 'consumer');
    const esm = run('node', ['--input-type=module', '-e', `
      import { createWorld, apply, canUseImage } from 'ims-sharing';
      import { worldArbitrary, checkInvariants } from 'ims-sharing/testing';
      let s = createWorld();
      for (const c of [{ type: 'addAccount', id: 'a', name: 'A', site: 'china' }, { type: 'registerImage', actor: 'a', id: 'i', projectId: 'a:cn-north-4', name: 'n', kind: 'system' }]) s = apply(s, c).state;
      console.log(canUseImage(s, 'a', 'i'), typeof worldArbitrary, checkInvariants(s).length);
    `], project);
    expect(esm.trim()).toBe('true function 0');
    const cjs = run('node', ['-e', `
      const { createWorld, share } = require('ims-sharing');
      const { planArbitrary } = require('ims-sharing/testing');
      const r = share(createWorld(), { actor: 'x', imageId: 'y', targets: [{ account: 'z' }] });
      console.log(r.ok, r.error.code, typeof planArbitrary);
    `], project);
    expect(cjs.trim()).toBe('false not_found function');
    const http = run('node', ['-e', `
      const { createApiServer, handle } = require('ims-sharing/http');
      const { createWorld } = require('ims-sharing');
      const r = handle(createApiServer(createWorld(), {}), { method: 'GET', path: '/versions', headers: {} });
      console.log(r.response.status, r.response.body.versions[0].status);
    `], project);
    expect(http.trim()).toBe('200 CURRENT');
  });

  it('runs the TypeScript example of docs/http.md against the packed ims-sharing/http', () => {
    const project = join(dir, 'consumer');
    writeFileSync(join(project, 'http.ts'), firstTsBlock('docs/http.md'));
    const out = run(bin('tsx'), ['http.ts'], project);
    expect(out.trim().split('\n')).toEqual(['200 pending', '4']);
  });

  it('type-checks a consumer (the README examples) against the shipped .d.ts, and runs it', () => {
    const project = join(dir, 'consumer');
    writeFileSync(join(project, 'readme.ts'), `${tsBlocks('README.md').slice(0, 2).join('\n')}
import type { RuleViolation, State, ViolationCode } from 'ims-sharing';
import { checkInvariants, type CommandPlan } from 'ims-sharing/testing';
const code: ViolationCode = 'share_limit_reached';
const check = (s: State): readonly unknown[] => checkInvariants(s);
const describe = (e: RuleViolation): string => (e.code === 'share_limit_reached' ? \`limit \${e.limit}\` : e.message);
void code; void check; void describe;
const plan: CommandPlan | undefined = undefined;
void plan;
`);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: false, types: [] },
      files: ['readme.ts'],
    }));
    run(bin('tsc'), ['-p', 'tsconfig.json'], project);
    const out = run(bin('tsx'), ['readme.ts'], project);
    expect(out).toContain('true');
    expect(out).toContain('reshare_not_allowed S2');
  });

  it('runs the complete example of docs/testing.md in a fresh project', () => {
    const project = join(dir, 'consumer');
    writeFileSync(join(project, 'test', 'ims.test.ts'), firstTsBlock('docs/testing.md'));
    const out = run(bin('vitest'), ['run', '--root', project, '--dir', 'test'], project);
    expect(out).toMatch(/3 passed/);
  });
});
