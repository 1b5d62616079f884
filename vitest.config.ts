import { defineConfig } from "vitest/config";

// Database tests run on embedded PGlite always, and again on a PostgreSQL server when
// TEST_DATABASE_URL is set (each test file gets its own fresh database there).
const withServer = Boolean(process.env.TEST_DATABASE_URL);

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
