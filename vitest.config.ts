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
