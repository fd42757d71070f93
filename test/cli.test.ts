import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, parseFlags } from '../scripts/cli.js';
import { MAX_REQUEST_BODY_BYTES } from '../src/http/index.js';

function run(script: string, args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('F7 strict command lines', () => {
  const refusals: [string, string[], string][] = [
    ['scripts/simulate.ts', ['--step', '5'], '--step'],
    ['scripts/simulate.ts', ['--steps', ''], '--steps'],
    ['scripts/simulate.ts', ['--steps'], '--steps'],
    ['scripts/simulate.ts', ['--steps', '1e3'], '--steps'],
    ['scripts/simulate.ts', ['--images', '99999999'], '--images'],
    ['scripts/simulate.ts', ['--seed', '-1'], '--seed'],
    ['scripts/simulate.ts', ['--steps=10', '--steps=20'], '--steps'],
    ['bench/run.ts', ['--quick', '--sizes', '10'], '--sizes'],
    ['bench/run.ts', ['--fast'], '--fast'],
    ['scripts/serve.ts', ['--port', '65536'], '--port'],
    ['scripts/serve.ts', ['--port', '8080', '--world', '/nonexistent/world.json'], '--world'],
    ['scripts/serve.ts', ['--port', '8080', '--tokens', join(mkdtempSync(join(tmpdir(), 'ims-')), 'none.json')], '--tokens'],
    ['scripts/serve.ts', ['--host', 'x'], '--host'],
  ];
  for (const [script, args, flag] of refusals) {
    it(`F7 ${script} ${args.join(' ')} exits 2 with one line naming ${flag}`, () => {
      const r = run(script, args);
      expect(r.status).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(flag);
      expect(r.stdout).toBe('');
    });
  }

  it('F7 a well-formed command line runs', () => {
    const r = run('scripts/simulate.ts', ['--steps=50', '--seed', '3', '--images', '20']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('invariants checked: all hold');
  });

  it('F7 parseFlags takes --name value and --name=value, and refuses what it does not know', () => {
    const spec = { n: { kind: 'int', min: 1, max: 9, help: 'n' }, on: { kind: 'switch', help: 'on' }, list: { kind: 'ints', min: 0, max: 5, help: 'l' } } as const;
    expect(parseFlags(['--n', '3', '--on', '--list=1,2'], spec)).toEqual({ n: 3, on: true, list: [1, 2] });
    for (const bad of [['--n', '0'], ['--n', '3.5'], ['--on=yes'], ['n'], ['--list', '1,,2'], ['--x']]) {
      expect(() => parseFlags(bad, spec)).toThrow(UsageError);
    }
  });

  it('H2 H5 F7 npm run serve: a token map that does not fit the world exits 2; a good one serves, refuses bodies past the limit with 413, and SIGINT stops it cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ims-serve-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ t: { principal: 'bob', project: 'alice:cn-north-4' } }));
    const bad = run('scripts/serve.ts', ['--port', '8080', '--tokens', join(dir, 'bad.json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--tokens');
    writeFileSync(join(dir, 'tokens.json'), JSON.stringify({ t: { principal: 'bob', project: 'bob:cn-north-4' } }));
    // --port 0: a free port the system picks, named in the banner (no collision with a port in use).
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--port', '0', '--tokens', join(dir, 'tokens.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('X-Auth-Token')) resolve(out);
      });
      child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
    });
    const port = Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(banner)?.[1]);
    expect(port).toBeGreaterThan(0);
    const images = await fetch(`http://127.0.0.1:${port}/v2/images`, { headers: { 'X-Auth-Token': 't' } });
    expect(images.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/v2/images`)).status).toBe(401);
    // H5: a body past the limit is answered 413 and not kept, whether its length is declared or
    // it comes in chunks (4 MB here); the server serves on.
    const members = `http://127.0.0.1:${port}/v2/images/web/members`;
    const declared = await fetch(members, { method: 'POST', headers: { 'X-Auth-Token': 't' }, body: ' '.repeat(MAX_REQUEST_BODY_BYTES + 1) });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
    let sent = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 4 * 1024 * 1024) controller.close();
        else {
          sent += 65_536;
          controller.enqueue(new Uint8Array(65_536).fill(32));
        }
      },
    });
    const streamed = await fetch(members, { method: 'POST', headers: { 'X-Auth-Token': 't' }, body: chunked, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    await streamed.text();
    expect((await fetch(`http://127.0.0.1:${port}/v2/images`, { headers: { 'X-Auth-Token': 't' } })).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
  });
});
