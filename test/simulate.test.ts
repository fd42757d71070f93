import { describe, expect, it } from 'vitest';
import { VIOLATION_CODES, checkInvariants, simulate } from '../src/index.js';

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
});
