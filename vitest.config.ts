import { defineConfig } from "vitest/config";

// Database tests run on embedded PGlite always, and again on a PostgreSQL server when
// TEST_DATABASE_URL is set (each test file gets its own fresh database there).
const withServer = Boolean(process.env.TEST_DATABASE_URL);
// A worker process runs file after file of its project and keeps the modules it loaded, instead of
// a new process per file that loads the server's module graph again (a whole run: 845 s against
// 2,137 s). Each file still starts and closes its own app, database and servers (harness.ts), the
// product's in-process caches are keyed by ids a new database never repeats, and Vitest restores
// mocks after each file. SB_TEST_ISOLATE=1 gives every file a new process again, to rule out a
// leak between files. Vitest's forks pool reads this from the root config only.
//
// Not isolated, `vi.setConfig` at a file's top level changes a stale copy of the config (Vitest
// captures the worker state once per process): a file that needs longer than its project's
// timeouts says so on its `describe` (`{ timeout }`) and on its hooks (second argument).
const isolate = process.env.SB_TEST_ISOLATE === "1";

const dbProject = (name: string, kind: "pglite" | "postgres") => ({
  extends: true as const,
  test: {
    name,
    include: ["apps/server/test/**/*.test.ts"],
    env: { SB_TEST_DB: kind },
    // Migrates once for the run; each file copies the result (apps/server/test/globalSetup.ts).
    globalSetup: ["apps/server/test/globalSetup.ts"],
    // Generous so that a loaded machine does not fail a slow start-up; a hang still ends the file.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});

export default defineConfig({
  test: {
    pool: "forks",
    // Two cores: two files at a time keeps PGlite instances and Chromium from starving each other.
    maxWorkers: 2,
    minWorkers: 1,
    isolate,
    projects: [
      { extends: true, test: { name: "unit", include: ["apps/*/src/**/*.test.ts", "packages/*/src/**/*.test.ts"] } },
      dbProject("db:pglite", "pglite"),
      ...(withServer ? [dbProject("db:postgres", "postgres")] : []),
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          globalSetup: ["apps/server/test/globalSetup.ts"],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
