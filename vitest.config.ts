import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000, // spawned CLIs and real clusters: a loaded 2-core machine (load ~20) made 60 s too short
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default', './test/support/plain-summary.ts'],
  },
});
