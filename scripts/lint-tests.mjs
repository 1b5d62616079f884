// `npm run lint`: test-suite rules that Biome cannot express.
// - No `vi.setConfig`: with `isolate: false` (vitest.config.ts) Vitest applies it to a stale copy of
//   the config, so the timeout a file asks for silently does not hold. Put it on the `describe`
//   (`{ timeout }`) and on the hooks (their second argument) instead.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const skip = new Set(["node_modules", "dist", ".git"]);

function* testFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(full);
    else if (entry.name.endsWith(".test.ts")) yield full;
  }
}

const offenders = [];
for (const dir of ["apps", "packages", "e2e"]) {
  for (const file of testFiles(path.join(root, dir))) {
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (line.includes("vi.setConfig(")) offenders.push(`${path.relative(root, file)}:${i + 1}`);
      });
  }
}
if (offenders.length > 0) {
  console.error(
    `vi.setConfig does not hold with isolate: false; give the timeout to describe and the hooks instead:\n  ${offenders.join("\n  ")}`,
  );
  process.exit(1);
}
