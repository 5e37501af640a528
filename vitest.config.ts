import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Command-line (and browser) tests run the built server: build it first when src/ changed.
    // On PostgreSQL, migrate once into a template database that each test database copies.
    globalSetup: ['test/build.setup.ts', 'test/pg-template.setup.ts'],
    // Every file: a query on the pool inside an open transaction of the same flow throws (decision 0193).
    setupFiles: ['test/pool-guard.setup.ts'],
    // Most tests need the demo places and accounts, not months of simulated activity.
    env: { HOCSO_DEMO_ACTIVITY: 'off' },
  },
})
