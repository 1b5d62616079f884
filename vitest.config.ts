import { defineConfig } from "vitest/config";

// Database tests run on embedded PGlite always, and again on a PostgreSQL server when
// TEST_DATABASE_URL is set (each test file gets its own fresh database there).
const withServer = Boolean(process.env.TEST_DATABASE_URL);
// SB_TEST_ISOLATE=0 (opt-in until a whole run is shown green with it): a worker process runs file
// after file of its project and keeps the modules it loaded, instead of a new process per file
// that loads the server's module graph again (1,047 s of "collect", summed over the workers, in a
// 1,848 s sample run at load 20-45; the unit project 618 -> 196 s side by side). Each file still
// starts and closes its own app, database and servers (harness.ts), the product's in-process
// caches are keyed by ids a new database never repeats, and Vitest restores mocks and
// `vi.setConfig` after each file. Vitest's forks pool reads this from the root config only.
const isolate = process.env.SB_TEST_ISOLATE !== "0";

const dbProject = (name: string, kind: "pglite" | "postgres") => ({
  extends: true as const,
  test: {
    name,
    include: ["apps/server/test/**/*.test.ts"],
    env: { SB_TEST_DB: kind },
    // Migrates once for the run; each file copies the result (apps/server/test/globalSetup.ts).
    globalSetup: ["apps/server/test/globalSetup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
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
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
