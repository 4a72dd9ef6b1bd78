import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing outside the repo; `corpus` reads ../shared/corpora
// and skips itself with a message when that folder is absent.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/corpus/**'],
          // No test may depend on the machine's speed: CLI tests spawn processes, which a
          // loaded two-core machine can slow tenfold. A hang still fails, after two minutes.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'corpus',
          include: ['test/corpus/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
