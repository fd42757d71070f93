import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../examples/faq-scenarios.js';

describe('the FAQ walk of npm start', () => {
  it('covers the 20 questions of the FAQ, in order', () => {
    expect(SCENARIOS).toHaveLength(20);
    expect(SCENARIOS[0]?.question).toBe('How Many Tenants Can I Share an Image with at Most?');
    expect(SCENARIOS.at(-1)?.question).toBe('How Can I Use a Rejected Image?');
  });

  for (const [i, s] of SCENARIOS.entries()) {
    it(`FAQ ${i + 1} (${s.rules.join(', ')}): ${s.question}`, () => {
      const answer = s.run();
      expect(answer.lines.filter((l) => /UNEXPECTED|DISAGREES/.test(l))).toEqual([]);
      expect(answer.agrees).toBe(true);
    });
  }
});
