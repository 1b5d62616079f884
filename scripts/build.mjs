// `npm run build`: the web app (vite) and the server compiled to plain JavaScript, so production
// runs `node` alone (no tsx, no TypeScript at run time): one ES module bundle of apps/server/src
// (with @switchboard/api, which ships as TypeScript source) in apps/server/dist/server/, the SQL
// migrations beside it. Third-party packages stay in node_modules (npm ci --omit=dev is enough).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildServerBundle } from "./serverBundle.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const server = path.join(root, "apps/server");
const out = path.join(server, "dist/server");

execFileSync(process.execPath, [path.join(root, "scripts/build-web-if-needed.mjs")], { stdio: "inherit" });

const started = Date.now();
await buildServerBundle(out);
console.log(`server built in ${Date.now() - started} ms: ${path.relative(root, out)}/cli.js (+ migrations)`);
