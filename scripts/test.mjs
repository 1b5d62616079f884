// `npm test`: lint, then the type check beside the test run, then the verdict of both.
// Vitest's first half-minute is its global setup (migrating a PGlite snapshot and a PostgreSQL
// template, bundling the server), which keeps one core busy; tsc takes about as long on the other.
// Run one after the other, the two cost their sum (~30 s of a fresh clone's run).
// Arguments go to Vitest (`npm test -- --project unit`).
import { spawn } from "node:child_process";

/** Runs an npm script or a binary from node_modules/.bin; resolves to its exit code. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", shell: false });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
  });
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const lint = await run(npm, ["run", "--silent", "lint"]);
if (lint !== 0) process.exit(lint);
const web = await run(npm, ["run", "--silent", "build:web"]);
if (web !== 0) process.exit(web);
const [typecheck, tests] = await Promise.all([
  run(npm, ["run", "--silent", "typecheck"]),
  run(npm, ["exec", "--", "vitest", "run", ...process.argv.slice(2)]),
]);
if (typecheck !== 0) console.error("npm test: the type check failed (its errors are above)");
process.exit(typecheck !== 0 ? typecheck : tests);
