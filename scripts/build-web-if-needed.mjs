// Builds apps/web into apps/web/dist, and the chat widget into apps/widget/dist/widget.js, each only
// when its sources are newer than its last build.
// `npm start` runs this before the server, so the up-to-date path must stay a few stat calls.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const web = fileURLToPath(new URL("../apps/web/", import.meta.url));
const builtIndex = path.join(web, "dist", "index.html");
// The web app bundles the condition field catalog from packages/api, so its sources count too.
const inputs = ["src", "index.html", "portal.html", "vite.config.ts", "../../packages/api/src"].map((p) =>
  path.join(web, p),
);

/** Newest modification time under a file or folder; 0 when it does not exist. */
function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    if (error.code === "ENOENT") return 0;
    throw error;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

const builtAt = newestMtime(builtIndex);
const sourcesAt = Math.max(...inputs.map(newestMtime));

if (builtAt > 0 && sourcesAt <= builtAt) {
  console.log("web: apps/web/dist is up to date");
} else {
  const started = performance.now();
  // Resolve vite the way apps/web/vite.config.ts does, so the config and its plugins run on
  // the vite version the web package declares, not whichever copy the repo root hoisted.
  const vitePath = createRequire(path.join(web, "package.json")).resolve("vite");
  const { build } = await import(pathToFileURL(vitePath).href);
  // `npm test` runs with NODE_ENV=test; the shipped bundle must still be React's production build.
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: path.join(web, "vite.config.ts"), logLevel: "warn" });
  } catch (error) {
    console.error(`web: build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`web: built apps/web/dist in ${seconds}s`);
}

// The chat widget: one small script (no framework), bundled and minified with esbuild.
const widget = fileURLToPath(new URL("../apps/widget/", import.meta.url));
const builtWidget = path.join(widget, "dist", "widget.js");
if (newestMtime(builtWidget) > 0 && newestMtime(path.join(widget, "src")) <= newestMtime(builtWidget)) {
  console.log("widget: apps/widget/dist is up to date");
} else {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [path.join(widget, "src", "main.ts")],
    outfile: builtWidget,
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    logLevel: "warning",
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(`widget: built apps/widget/dist/widget.js (${(bytes / 1024).toFixed(1)} kB)`);
}
