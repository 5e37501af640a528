import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'

const ALL = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts']
// Files that each run in a process of their own: one that replaces a module with vi.mock (the mock
// must be in place before the application loads, and reach no other file), one that checks what a
// fresh process has loaded (the credential libraries only once a certificate is signed).
const OWN_PROCESS = ['src/domains/people/password.test.ts', 'src/domains/certificates/keys.test.ts']

/** What every test file gets, in both projects below. */
const common = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  // Every file: a query on the pool inside an open transaction of the same flow throws (decision 0193).
  // On PostgreSQL, each test process also gets a database of its own for the schemas it makes.
  setupFiles: ['test/pool-guard.setup.ts', 'test/pg-file-database.setup.ts'],
  env: {
    // Most tests need the demo places and accounts, not months of simulated activity.
    HOCSO_DEMO_ACTIVITY: 'off',
    // The suite starts a few hundred `node bin/hocso.js` processes (command-line tests, the
    // replication tests' servers): Node keeps the compiled code of dist/ on disk for the next one,
    // 15% less CPU to start each (0.38 → 0.33 s to a listening server). Where Node itself would
    // put it, under the temporary folder.
    NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache'),
  },
}

export default defineConfig({
  test: {
    // Test files share nothing (in-memory or temporary SQLite, a PostgreSQL database per process,
    // free ports), so they run one per CPU; vitest's own default keeps a CPU idle. .ci/run, which
    // runs the SQLite and PostgreSQL suites side by side, gives each one (HOCSO_TEST_WORKERS=1).
    maxWorkers: Number(process.env.HOCSO_TEST_WORKERS) || availableParallelism(),
    // Once per run, here only (a project that extended this config would run them again):
    // command-line (and browser) tests run the built server, so build it first when src/ changed;
    // on PostgreSQL, migrate once into a template database that each test database copies.
    globalSetup: ['test/build.setup.ts', 'test/pg-template.setup.ts'],
    projects: [
      // The files run one after another in a few long-lived processes that load the application
      // once, instead of a fresh process per file that loads it again (0.6 s of CPU per file, a
      // third of the suite's CPU; decision 0203). Each file still makes its own databases, apps and
      // servers; what a file changes of the process (environment variables, spies) it puts back.
      {
        test: {
          ...common,
          name: 'shared',
          include: ALL,
          exclude: [...configDefaults.exclude, ...OWN_PROCESS],
          isolate: false,
        },
      },
      { test: { ...common, name: 'own-process', include: OWN_PROCESS } },
    ],
  },
})
