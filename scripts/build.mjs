// `npm run build`: the web app (vite) and the server compiled to plain JavaScript, so production
// runs `node` alone (no tsx, no TypeScript at run time): one ES module bundle of apps/server/src
// (with @switchboard/api, which ships as TypeScript source) in apps/server/dist/server/, the SQL
// migrations beside it. Third-party packages stay in node_modules (npm ci --omit=dev is enough).
//
// The bundle sits at the same depth as apps/server/src/<dir>/ so the paths the server derives from
// import.meta.dirname hold: ./migrations and ../../../web/dist (apps/web/dist).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const server = path.join(root, "apps/server");
const out = path.join(server, "dist/server");

execFileSync(process.execPath, [path.join(root, "scripts/build-web-if-needed.mjs")], { stdio: "inherit" });

const dependencies = Object.keys(JSON.parse(fs.readFileSync(path.join(server, "package.json"), "utf8")).dependencies);
fs.rmSync(out, { recursive: true, force: true });
const started = Date.now();
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
console.log(`server built in ${Date.now() - started} ms: ${path.relative(root, out)}/cli.js (+ migrations)`);
