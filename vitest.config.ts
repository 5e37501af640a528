import { availableParallelism } from 'node:os'
import { configDefaults, defineConfig } from 'vitest/config'

const ALL = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts']
// Files that replace a module with vi.mock: each runs in a process of its own, where the mock is in
// place before the application loads and reaches no other file.
const OWN_PROCESS = ['src/domains/people/password.test.ts']

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share nothing (in-memory or temporary SQLite, a PostgreSQL database per process,
    // free ports), so they run one per CPU; vitest's own default keeps a CPU idle. .ci/run, which
    // runs the SQLite and PostgreSQL suites side by side, gives each one (HOCSO_TEST_WORKERS=1).
    maxWorkers: Number(process.env.HOCSO_TEST_WORKERS) || availableParallelism(),
    // Command-line (and browser) tests run the built server: build it first when src/ changed.
    // On PostgreSQL, migrate once into a template database that each test database copies.
    globalSetup: ['test/build.setup.ts', 'test/pg-template.setup.ts'],
    // Every file: a query on the pool inside an open transaction of the same flow throws (decision 0193).
    // On PostgreSQL, each test process also gets a database of its own for the schemas it makes.
    setupFiles: ['test/pool-guard.setup.ts', 'test/pg-file-database.setup.ts'],
    // Most tests need the demo places and accounts, not months of simulated activity.
    env: { HOCSO_DEMO_ACTIVITY: 'off' },
    projects: [
      // The files run one after another in a few long-lived processes that load the application
      // once, instead of a fresh process per file that loads it again (0.6 s of CPU per file, a
      // third of the suite's CPU; decision 0203). Each file still makes its own databases, apps and
      // servers; what a file changes of the process (environment variables, spies) it puts back.
      {
        extends: true,
        test: {
          name: 'shared',
          include: ALL,
          exclude: [...configDefaults.exclude, ...OWN_PROCESS],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS } },
    ],
  },
})
