// Start-up time and memory of a server command: time from spawn until GET /api/docs/json answers,
// and the resident memory (RSS) of the whole process tree then and after the start settles.
//   node bench/startup.mjs -- npm start            (tsx, as `npm start` runs it)
//   node bench/startup.mjs -- npm run start:prod   (the compiled build)
// Each run gets a fresh DATA_DIR (first start: migrations + demo seed), then starts again on it
// (a later start). Ports are chosen free; LOG_LEVEL=warn.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const command = process.argv.slice(process.argv.indexOf("--") + 1);
const runs = Number(process.env.RUNS ?? 2);

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function treeRssKb(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const walk = (p) => {
    try {
      const rss = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      total += Number(rss?.[1] ?? 0);
    } catch {
      // Gone.
    }
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return total;
}

async function once(dataDir) {
  const [port, smtp] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), SMTP_PORT: String(smtp), LOG_LEVEL: "warn" },
    stdio: "ignore",
    detached: true,
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/docs/json`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - started;
  const rssReady = treeRssKb(child.pid);
  await new Promise((r) => setTimeout(r, 5000));
  const rssSettled = treeRssKb(child.pid);
  process.kill(-child.pid, "SIGTERM");
  await new Promise((r) => child.once("exit", r));
  return {
    readyMs: Math.round(readyMs),
    rssReadyMb: Math.round(rssReady / 1024),
    rssSettledMb: Math.round(rssSettled / 1024),
  };
}

for (let i = 0; i < runs; i++) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-startup-"));
  const first = await once(dataDir);
  const later = await once(dataDir);
  console.log(JSON.stringify({ command: command.join(" "), first, later }));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
