import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError, parseFlags } from '../scripts/cli.js';

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
});
