import { defineConfig } from 'vitest/config';

/**
 * Test projects by cost (see docs/ARCHITECTURE.md): pure unit tests beside the code; database and
 * HTTP tests on PGlite and again on a real PostgreSQL; browser tests against a running node.
 * `npm test` (scripts/test.mjs) provides PostgreSQL and Chromium.
 */
const databaseTests = ['test/server/**/*.test.ts', 'test/cli/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'db-pglite',
          include: databaseTests,
          exclude: ['test/server/postgresql/**'],
          env: { CONCORD_TEST_DB: 'pglite' },
          globalSetup: ['test/kit/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'db-postgresql',
          include: databaseTests,
          exclude: ['test/cli/**'],
          env: { CONCORD_TEST_DB: 'postgresql' },
          globalSetup: ['test/kit/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
