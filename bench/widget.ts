// Chat widget: N concurrent widget sessions each open a conversation and send a follow-up; a message
// counts once the agent's websocket (/ws) announces it. Reports messages/s and the round trip
// (customer POST → stored → agent socket notice) p50/p99; plus the widget bundle's size.
//   npm run bench:widget                 PGlite (embedded)
//   npm run bench:widget -- --sessions 500
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import WebSocket from "ws";
import { bootWidget } from "../apps/server/src/channels/widget/conversations";
import { createApiToken } from "../apps/server/src/commands/auth";
import { runCommand } from "../apps/server/src/commands/context";
import { createWidget } from "../apps/server/src/commands/widget";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { openDatabase } from "../apps/server/src/db/connect";
import { userHash } from "../apps/server/src/domain/widget";
import { buildHttpServer, startServices } from "../apps/server/src/server";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SESSIONS = arg("sessions", 500);

async function main() {
  const bundle = fs.readFileSync(new URL("../apps/widget/dist/widget.js", import.meta.url));
  console.log(`widget bundle: ${bundle.length} B minified, ${gzipSync(bundle).length} B gzipped`);
  const database = await openDatabase({});
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: "/tmp/switchboard-bench" });
  const services = await startServices(config, { worker: true, database });
  const http = await buildHttpServer(services);
  await http.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  const name = `bench-${randomBytes(3).toString("hex")}`;
  const { workspace, admin } = await database.db.transaction((tx) =>
    createWorkspace(tx, {
      name,
      domain: `${name}.test`,
      admin: { email: `admin@${name}.test`, name: "Admin", password: "password123" },
    }),
  );
  const asAdmin = {
    workspaceId: workspace.id,
    actor: { type: "user" as const, userId: admin.id, role: "admin" as const, name: "Admin" },
  };
  const { token } = await runCommand(services, asAdmin, (ctx) => createApiToken(ctx, "bench"));
  const widget = await runCommand(services, asAdmin, (ctx) => createWidget(ctx, services.secrets, { name: "bench" }));

  // The agent's socket: when each message's notice arrives.
  const noticed = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const agent = new WebSocket(`${base.replace("http", "ws")}/ws`, { headers: { authorization: `Bearer ${token}` } });
  agent.on("message", (data) => {
    const change = JSON.parse(data.toString()) as { kind?: string; action?: string; id?: string };
    if (change.kind === "message" && change.action === "created" && change.id) {
      noticed.set(change.id, performance.now());
      waiting.get(change.id)?.();
    }
  });
  await new Promise((resolve) => agent.once("open", resolve));

  // Sessions are booted up front (boot is rate-limited per address, as it should be).
  const sessions = [];
  for (let i = 0; i < SESSIONS; i++) {
    const email = `c${i}@customer-${name}.example`;
    const { token: t } = await bootWidget(services, {
      appId: widget.appId,
      user: { email, userHash: userHash(email, widget.secret) },
    });
    sessions.push(t);
  }
  const arrived = (id: string) =>
    noticed.has(id) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(id, resolve));
  const post = async (t: string, path: string, text: string) => {
    const started = performance.now();
    const res = await fetch(`${base}/widget/api${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-widget-token": t },
      body: JSON.stringify({ text, clientId: randomUUID() }),
    });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const thread = (await res.json()) as { conversation: { number: number }; messages: { id: string; text: string }[] };
    const mine = thread.messages.filter((m) => m.text === text).at(-1);
    if (!mine) throw new Error("message not in the thread");
    await arrived(mine.id);
    return { ms: (noticed.get(mine.id) ?? started) - started, number: thread.conversation.number };
  };
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    sessions.map(async (t, i) => {
      const first = await post(t, "/conversations", `Session ${i}: the export hangs`);
      latencies.push(first.ms);
      latencies.push((await post(t, `/conversations/${first.number}/messages`, `Session ${i}: still hanging`)).ms);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  console.table([
    {
      database: "pglite",
      sessions: SESSIONS,
      messages: latencies.length,
      seconds: Number(seconds.toFixed(1)),
      perSecond: Number((latencies.length / seconds).toFixed(1)),
      p50: Number(pct(0.5).toFixed(0)),
      p99: Number(pct(0.99).toFixed(0)),
    },
  ]);
  console.log(
    "messages/s = customer POST until the agent's websocket announces the stored message; p50/p99 = that round trip in ms",
  );
  agent.close();
  await http.close();
  await services.close();
  await database.close();
}

await main();
