import { defineConfig } from 'vitest/config'

// Browser tests: a real server process and Debian's Chromium per file, one file at a time (each
// starts its own server and browser; running them side by side would only fight for the CPU and
// make the slow-network measurements meaningless).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Command-line (and browser) tests run the built server: build it first when src/ changed.
    globalSetup: ['test/build.setup.ts'],
    fileParallelism: false,
    // The servers these tests start seed the demo places and accounts; the months of simulated
    // activity would only slow every start and add records the tests do not expect.
    env: { HOCSO_DEMO_ACTIVITY: 'off' },
  },
})
