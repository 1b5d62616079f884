// The server compiled to one ES module (esbuild), for `npm run build` and for the tests that run
// the CLI as separate processes (apps/server/test/globalSetup.ts): both start what production runs.
//
// `out` must sit at the same depth as apps/server/src/<dir>/ (apps/server/dist/<name>) so the paths
// the server derives from import.meta.dirname hold: ./migrations and ../../../web/dist (apps/web/dist).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const server = fileURLToPath(new URL("../apps/server/", import.meta.url));

/** Builds apps/server/src/cli.ts into `out`/cli.js (+ the SQL migrations beside it); resolves with the file. */
export async function buildServerBundle(out) {
  const dependencies = Object.keys(JSON.parse(fs.readFileSync(path.join(server, "package.json"), "utf8")).dependencies);
  fs.rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(server, "src/cli.ts")],
    outfile: path.join(out, "cli.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    external: dependencies.flatMap((name) => [name, `${name}/*`]),
    // Bundled CommonJS helpers may call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __sbRequire } from 'node:module'; const require = __sbRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  fs.cpSync(path.join(server, "src/db/migrations"), path.join(out, "migrations"), { recursive: true });
  fs.writeFileSync(path.join(out, "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`);
  return path.join(out, "cli.js");
}
