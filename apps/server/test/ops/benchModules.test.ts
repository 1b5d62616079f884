// The benches start the product as processes and drive it with the tests' vendor stand-ins
// (bench/README.md). They run under plain Node.js, not vitest: a helper they share with the tests
// that loads vitest makes every such bench die at start, which no test run would notice.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../../..");

/** Test modules the benches import (bench/scaleout.ts, bench/memory.ts, bench/broadcast.ts, …). */
const SHARED_WITH_BENCHES = [
  "apps/server/test/faults/processes.ts",
  "apps/server/test/slack/standin.ts",
  "apps/server/test/broadcasts/fixture.ts",
  "bench/scaleFixture.ts",
];

// No database is involved: run once, in the PGlite project.
describe.skipIf(process.env.SB_TEST_DB === "postgres")("modules the benches share with the tests", () => {
  it("load under plain Node.js, without vitest", () => {
    const imports = SHARED_WITH_BENCHES.map((file) => `await import(${JSON.stringify(path.join(ROOT, file))});`);
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", imports.join("\n")], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, VITEST: "", VITEST_WORKER_ID: "", VITEST_POOL_ID: "" },
      timeout: 60_000,
    });
    expect(run.stderr).not.toContain("Vitest failed");
    expect(run.status, run.stderr).toBe(0);
  });
});
