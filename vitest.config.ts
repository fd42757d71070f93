import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two workers on the two cores of the CI machine: the differential run goes beside the rest.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/index.ts', 'src/entities.ts', 'src/events.ts'],
      reporter: ['text-summary'],
      // Enforced by `npm test` (issue: verification): at least 95% of the lines and branches of src/.
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
  },
});
