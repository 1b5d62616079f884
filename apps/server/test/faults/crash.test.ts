// A crash stalls nothing: a server and a worker run as separate processes on PostgreSQL; the
// worker is killed with SIGKILL in the middle of draining the Slack inbox and in the middle of
// sending a reply, and a new worker takes over. Every acknowledged event becomes visible and every
// reply is delivered exactly once (by our message id in Slack's message metadata), within seconds
// of the new worker, not when pg-boss would expire the dead one's jobs (15 minutes).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN } from "../../src/seed/demo";
import { nextTs, SlackStandin } from "../slack/standin";
import { freshDatabase } from "./databases";
import { eventually, freePort, httpSession, type Proc, startReady } from "./processes";

const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.SB_TEST_DB === "postgres" && Boolean(serverUrl);
// Starting processes on a busy two-core machine takes a while; the waits are for conditions.

type Session = Awaited<ReturnType<typeof httpSession>>;
interface ListedMessage {
  id: string;
  authorType: string;
  bodyText: string;
  deliveryStatus: string | null;
}

describe.skipIf(!onPostgres)(
  "a crash stalls nothing (server and worker processes, PostgreSQL)",
  { timeout: 360_000 },
  () => {
    const slack = new SlackStandin();
    const processes: Proc[] = [];
    const cleanups: (() => Promise<void>)[] = [];
    let env: Record<string, string>;
    let baseUrl: string;
    let as: Session;
    let channel: string;
    let customer: string;

    const worker = () => startReady(processes, "worker", `worker ${processes.length}`, env);

    beforeAll(async () => {
      await slack.start();
      cleanups.push(() => slack.close());
      const database = await freshDatabase(serverUrl ?? "", "sb_crash", { demo: true });
      cleanups.push(() => database.drop());
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-crash-"));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      env = {
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        HOST: "127.0.0.1",
        PORT: String(port),
        SMTP_PORT: String(await freePort()),
        // On PostgreSQL the stored Slack secrets are sealed with SECRET_KEY, as in production.
        SECRET_KEY: randomBytes(32).toString("hex"),
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: slack.signingSecret,
        SLACK_API_URL: slack.url,
        // A short lease: a killed worker is found dead two seconds after its last beat.
        WORKER_LEASE_SECONDS: "2",
        LOG_LEVEL: "warn",
      };
      baseUrl = `http://127.0.0.1:${port}`;
      await startReady(processes, "server", "server", env);
      await worker();
      as = await httpSession(baseUrl, DEMO_ADMIN.email, DEMO_ADMIN.password);

      // A shared channel of a customer account, mapped so every message there is an issue.
      channel = `C${randomBytes(4).toString("hex").toUpperCase()}`;
      slack.addChannel({ id: channel, name: `ext-crash-${channel.toLowerCase()}`, is_ext_shared: true });
      customer = `U${randomBytes(4).toString("hex").toUpperCase()}`;
      slack.addUser({ id: customer, name: "Casey Crash", email: `casey-${channel}@customer.example`, teamId: "TCUST" });
      const account = (await as.post("/accounts", { name: `Crash ${channel}` })).json() as { id: string };
      expect((await as.post("/slack/channels/sync", {})).status).toBe(200);
      const listed = (await as.get("/slack/channels")).json() as { items: { id: string; slackChannelId: string }[] };
      const row = listed.items.find((c) => c.slackChannelId === channel);
      if (!row) throw new Error("channel not listed after sync");
      expect((await as.patch(`/slack/channels/${row.id}`, { accountId: account.id, mode: "all" })).status).toBe(200);
    }, 360_000);

    afterAll(async () => {
      for (const proc of processes) await proc.kill("SIGTERM");
      for (const cleanup of cleanups.reverse()) await cleanup();
    }, 360_000);

    /** Posts one signed Events API delivery to the server; 200 means Slack's event is acknowledged. */
    const deliver = async (event: Record<string, unknown>) => {
      const body = JSON.stringify(slack.envelope(event));
      const res = await fetch(`${baseUrl}/hooks/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/json", ...slack.signedHeaders(body) },
        body,
      });
      expect(res.status, await res.text()).toBe(200);
    };

    const slackIssues = async () =>
      ((await as.get("/issues?channel=slack&limit=200")).json() as { items: { number: number; title: string }[] })
        .items;
    const messagesOf = async (number: number) =>
      ((await as.get(`/issues/${number}/messages`)).json() as { items: ListedMessage[] }).items;

    /** This test's customer messages visible through the API (the demo workspace has others). */
    const visibleTexts = async () => {
      const texts: string[] = [];
      for (const issue of await slackIssues()) {
        if (!issue.title.startsWith("crash thread")) continue;
        for (const m of await messagesOf(issue.number)) if (m.authorType === "contact") texts.push(m.bodyText);
      }
      return texts;
    };

    let threadIssue = 0;

    it("shows every acknowledged event within seconds after the worker is killed mid-drain", async () => {
      // The worker's first users.info (the customer is new) takes effect but never answers: the
      // worker is in the middle of an event when it is killed.
      const held = slack.holdNext("users.info");
      const expected: string[] = [];
      for (const thread of [1, 2, 3]) {
        const root = nextTs();
        const rootText = `crash thread ${thread} opens`;
        slack.addMessage(channel, { ts: root, user: customer, text: rootText });
        await deliver({ type: "message", channel, channel_type: "channel", user: customer, text: rootText, ts: root });
        expected.push(rootText);
        for (let i = 1; i <= 8; i++) {
          const ts = nextTs();
          const text = `crash thread ${thread} reply ${i}`;
          slack.addMessage(channel, { ts, user: customer, text, thread_ts: root });
          await deliver({
            type: "message",
            channel,
            channel_type: "channel",
            user: customer,
            text,
            ts,
            thread_ts: root,
          });
          expected.push(text);
        }
      }
      await held.arrived;
      const killed = processes.at(-1);
      await killed?.kill("SIGKILL");
      expect(await visibleTexts()).not.toEqual(expect.arrayContaining(expected));

      const restarted = Date.now();
      await worker();
      const ready = Date.now();
      held.release();
      const texts = await eventually(async () => {
        const seen = await visibleTexts();
        return seen.length >= expected.length && seen;
      });
      const seconds = (Date.now() - restarted) / 1000;
      const afterReady = (Date.now() - ready) / 1000;
      console.log(
        `[crash] all ${expected.length} acknowledged events visible ${seconds.toFixed(1)} s after the restart (${afterReady.toFixed(1)} s after the new worker was up)`,
      );
      expect([...texts].sort()).toEqual([...expected].sort());
      const issues = await slackIssues();
      expect(issues.filter((i) => i.title.startsWith("crash thread"))).toHaveLength(3);
      threadIssue = issues.find((i) => i.title.startsWith("crash thread 1"))?.number ?? 0;
    });

    it("delivers every reply exactly once after the worker is killed between Slack's answer and recording it", async () => {
      expect(threadIssue).toBeGreaterThan(0);
      // Slack posts the first reply but its answer never reaches the worker.
      const held = slack.holdNext("chat.postMessage");
      const ids: string[] = [];
      for (const n of [1, 2, 3]) {
        const res = await as.post(`/issues/${threadIssue}/messages`, {
          body: `agent answer ${n}`,
          visibility: "public",
        });
        expect(res.status, res.body).toBe(201);
        ids.push((res.json() as { id: string }).id);
      }
      await held.arrived;
      await processes.at(-1)?.kill("SIGKILL");

      await worker();
      held.release();
      const replies = await eventually(async () => {
        const mine = (await messagesOf(threadIssue)).filter((m) => ids.includes(m.id));
        return mine.every((m) => m.deliveryStatus === "sent") && mine;
      });
      expect(replies.map((m) => m.bodyText)).toEqual(["agent answer 1", "agent answer 2", "agent answer 3"]);
      // In Slack's thread, by our message id: each reply once, in order.
      const posted = (slack.messages.get(channel) ?? [])
        .map((m) => m.metadata?.event_payload)
        .filter((p): p is { message_id: string } => typeof p === "object" && p !== null && "message_id" in p)
        .map((p) => p.message_id)
        .filter((id) => ids.includes(id));
      const duplicates = posted.length - new Set(posted).size;
      console.log(
        `[crash] Slack replies after a mid-send kill: ${posted.length} posted for ${ids.length}, ${duplicates} duplicates`,
      );
      expect(posted).toEqual(ids);
      // The thread says what happened to the reply whose outcome was unknown.
      const events = (await as.get(`/issues/${threadIssue}/events`)).json() as {
        items: { type: string; data: { messageId?: string; outcome?: string } }[];
      };
      expect(events.items.filter((e) => e.type === "delivery_recovered").map((e) => e.data)).toEqual([
        expect.objectContaining({ messageId: ids[0], outcome: "found" }),
      ]);
    });
  },
);
