import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadingIds, rulesDoc, testNames } from '../scripts/rules-doc.js';
import { missingExamples } from '../scripts/tsdoc-check.js';
import { checkExamples } from '../scripts/tsdoc-examples.js';
import { RULES, VIOLATION_CODES } from '../src/index.js';

describe('documentation that cannot drift', () => {
  it('docs/rules.md is what npm run docs:rules generates', () => {
    expect(readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8')).toBe(rulesDoc());
  });

  it('every rule id of SPEC §1 to §7 starts at least one test name', () => {
    const covered = new Set(testNames().flatMap((t) => leadingIds(t.name)));
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('every export of both entries, values and types, has TSDoc with an @example', () => {
    expect(missingExamples()).toEqual([]);
  });

  it('every @example, and every TypeScript block of the guides, type-checks as a user would paste it, with every export in scope', () => {
    expect(checkExamples()).toEqual([]);
  }, 120_000);

  it('every violation code is produced by some rule of the table', () => {
    const produced = new Set(RULES.flatMap((r) => r.codes));
    expect(VIOLATION_CODES.filter((c) => !produced.has(c) && c !== 'invalid_input')).toEqual([]);
  });
});
