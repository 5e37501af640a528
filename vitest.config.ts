import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share nothing (in-memory or temporary SQLite, a PostgreSQL schema each, free ports),
    // so they run one per CPU; vitest's own default keeps a CPU idle. .ci/run, which runs the SQLite
    // and PostgreSQL suites side by side, gives each one (HOCSO_TEST_WORKERS=1).
    maxWorkers: Number(process.env.HOCSO_TEST_WORKERS) || availableParallelism(),
    // Command-line (and browser) tests run the built server: build it first when src/ changed.
    // On PostgreSQL, migrate once into a template database that each test database copies.
    globalSetup: ['test/build.setup.ts', 'test/pg-template.setup.ts'],
    // Every file: a query on the pool inside an open transaction of the same flow throws (decision 0193).
    // On PostgreSQL, each file also gets a database of its own for the schemas it makes.
    setupFiles: ['test/pool-guard.setup.ts', 'test/pg-file-database.setup.ts'],
    // Most tests need the demo places and accounts, not months of simulated activity.
    env: { HOCSO_DEMO_ACTIVITY: 'off' },
  },
})
