import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Drills: process, load and multi-node tests whose outcome does not depend on the database engine
 * (or that always use the machine's PostgreSQL). `npm test` runs them; the gate (.ci/run) runs the
 * suite twice, on PGlite and on PostgreSQL, and the drills only in the PostgreSQL run
 * (LECTERN_TEST_DRILLS=skip in the PGlite run), so each runs once per gate.
 */
export const DRILLS = [
  'src/learn/tracking/classroom-load.test.ts',
  'src/learn/courses/two-nodes.test.ts',
  'src/platform/mail/mail-server-process.test.ts',
  'src/platform/http/listeners.test.ts',
  'src/platform/storage/storage-master-key.test.ts',
  'src/cli/storage.test.ts',
  // Starts a throw-away primary and standby of its own, whatever the engine.
  'src/platform/db/multi-host.test.ts',
  // Login roles: always the machine's PostgreSQL.
  'src/platform/db/app-login.test.ts',
  'src/platform/db/system-login.test.ts',
  // The web app's unit tests never open a database.
  'web/src/**/*.test.ts',
];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(process.env.LECTERN_TEST_DRILLS === 'skip' ? DRILLS : [])],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/install-modules.ts', 'test/fresh-process-state.ts'],
    pool: 'forks',
    // A worker process runs file after file without loading the whole application anew for each
    // (seconds per file); each file still opens a database of its own, and what module state
    // would carry over is reset in test/fresh-process-state.ts.
    isolate: false,
    // Two test files at once even on two cores (the default leaves one core to the runner, which
    // mostly waits): a test file spends much of its time waiting on its database or its sockets.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
