// A broadcast to 1,000 Slack channels and 5,000 emails (1,000 accounts × 5 admin contacts), end to
// end: the send command until the broadcast is `sent`, against the Slack stand-in (one 429 midway)
// and an SMTP sink, then every message counted: lost must be 0, duplicates 0. The physical limit is
// what Slack's published tier and the configured SMTP pace allow: chat.postMessage ~1 message per
// second per channel (1 s for one message in each of 1,000 channels) within the workspace-wide
// "several hundred per minute" (BROADCAST_SLACK_POSTS_PER_MINUTE, default 240: 1,000 posts take
// 250 s), and N emails at BROADCAST_EMAILS_PER_MINUTE. The bench raises the email pace
// (--email-rate, per minute) above a real relay's so the run takes seconds; --slack-rate defaults
// to the server's default; the limits printed are for the rates used.
//   npm run bench:broadcast
//   npm run bench:broadcast -- --channels 1000 --emails-per-account 5 --email-rate 30000 --connections 8 --slack-rate 240
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { sealSlackSecrets } from "../apps/server/src/channels/slack/secrets";
import { createBroadcast, sendBroadcast } from "../apps/server/src/commands/broadcasts";
import { type CommandContext, runCommand } from "../apps/server/src/commands/context";
import { createInbox } from "../apps/server/src/commands/inboxes";
import { saveSlackConnection } from "../apps/server/src/commands/slack";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { openDatabase } from "../apps/server/src/db/connect";
import { getBroadcast } from "../apps/server/src/queries/broadcasts";
import { startServices } from "../apps/server/src/server";
import { arrangeCustomers } from "../apps/server/test/broadcasts/fixture";
import { SlackStandin } from "../apps/server/test/slack/standin";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CHANNELS = arg("channels", 1000);
const PER_ACCOUNT = arg("emails-per-account", 5);
const EMAIL_RATE = arg("email-rate", 30_000);
const CONNECTIONS = arg("connections", 8);
const SLACK_RATE = arg("slack-rate", 240);
/** Slack's chat.postMessage: about one message per second per channel. */
const SLACK_PER_CHANNEL_PER_SECOND = 1;

/** The world's mail servers: counts each mail by its Message-ID. */
async function startSink() {
  const ids = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 4000) head += chunk.toString("latin1");
      });
      stream.on("end", () => {
        const id = /^message-id:\s*<([^>]+)>/im.exec(head)?.[1] ?? "(none)";
        ids.set(id, (ids.get(id) ?? 0) + 1);
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, ids, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function main() {
  const sink = await startSink();
  const slack = await new SlackStandin().start();
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: "silent",
    DATA_DIR: "/tmp/switchboard-bench",
    SECRET_KEY: process.env.SECRET_KEY ?? "bench-only-secret-key-not-for-production",
    SMTP_URL: sink.url,
    BROADCAST_EMAILS_PER_MINUTE: String(EMAIL_RATE),
    BROADCAST_EMAIL_CONNECTIONS: String(CONNECTIONS),
    BROADCAST_SLACK_POSTS_PER_MINUTE: String(SLACK_RATE),
  });
  const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : {});
  const services = await startServices(config, { worker: true, database });
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
  const run = <T>(fn: (ctx: CommandContext) => Promise<T>) => runCommand(services, asAdmin, fn);
  await run((ctx) =>
    saveSlackConnection(ctx, {
      ...sealSlackSecrets(services.secrets, slack, undefined),
      apiUrl: slack.url,
      teamId: slack.teamId,
      appId: slack.appId,
      botUserId: slack.botUserId,
      botId: slack.botId,
    }),
  );
  await run((ctx) => createInbox(ctx, { address: `support@${name}.test`, name: "Support" }));
  const setupStarted = performance.now();
  const customers = await arrangeCustomers({ run }, slack, { count: CHANNELS, contacts: PER_ACCOUNT, tags: ["bench"] });
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  const emails = CHANNELS * PER_ACCOUNT;
  console.log(
    `Broadcast: ${CHANNELS} Slack channels + ${emails} emails (setup ${setupSeconds.toFixed(1)} s); email pace ${EMAIL_RATE}/min over ${CONNECTIONS} connections; Slack pace ${SLACK_RATE}/min`,
  );

  const draft = await run((ctx) =>
    createBroadcast(ctx, {
      title: "Incident: exports delayed",
      body: "Hi {{contact.first_name|team}} at {{account.name}}: exports are delayed by up to 30 minutes. We'll update you here.",
      audience: { kind: "condition", condition: { field: "account.tags", op: "eq", value: "bench" } },
      channels: "both",
      contactRoles: ["admin"],
    }),
  );
  const started = performance.now();
  await run((ctx) => sendBroadcast(ctx, draft.id));
  // Midway through the Slack posts, Slack answers 429 (Retry-After: 1) once.
  const midway = setInterval(() => {
    if (slack.accepted("chat.postMessage").length >= CHANNELS / 2) {
      slack.rateLimitNext("chat.postMessage", 1, 1);
      clearInterval(midway);
    }
  }, 20);
  let slackDone = 0;
  let emailDone = 0;
  for (;;) {
    const { broadcast, counts } = await getBroadcast(database.db, workspace.id, draft.id);
    const now = (performance.now() - started) / 1000;
    if (!slackDone && slack.accepted("chat.postMessage").length >= CHANNELS) slackDone = now;
    if (!emailDone && [...sink.ids.values()].reduce((a, b) => a + b, 0) >= emails) emailDone = now;
    if (broadcast.status === "sent") {
      clearInterval(midway);
      const seconds = (performance.now() - started) / 1000;
      const posts = slack.accepted("chat.postMessage");
      const perChannel = new Map<string, number>();
      for (const p of posts) perChannel.set(String(p.channel), (perChannel.get(String(p.channel)) ?? 0) + 1);
      const slackLost = customers.filter((c) => !perChannel.has(c.channel)).length;
      const slackDup = [...perChannel.values()].filter((n) => n > 1).length;
      const mailIds = [...sink.ids.entries()].filter(([id]) => id.startsWith("sb-broadcast-"));
      const emailLost = emails - mailIds.length;
      const emailDup = mailIds.filter(([, n]) => n > 1).length;
      const slackLimit = Math.max(1 / SLACK_PER_CHANNEL_PER_SECOND, (CHANNELS - 1) / (SLACK_RATE / 60));
      const emailLimit = emails / (EMAIL_RATE / 60);
      console.table([
        {
          measure: "Slack posts",
          messages: CHANNELS,
          "all delivered (s)": Number(slackDone.toFixed(1)),
          "physical limit (s)": Number(slackLimit.toFixed(1)),
          "429s": slack.calls.filter((c) => c.status === 429).length,
          lost: slackLost,
          duplicates: slackDup,
        },
        {
          measure: "emails",
          messages: emails,
          "all delivered (s)": Number(emailDone.toFixed(1)),
          "physical limit (s)": Number(emailLimit.toFixed(1)),
          "429s": 0,
          lost: emailLost,
          duplicates: emailDup,
        },
      ]);
      console.log(
        `broadcast sent in ${seconds.toFixed(1)} s (${((CHANNELS + emails) / seconds).toFixed(0)} messages/s); recipients: ${JSON.stringify(counts)}`,
      );
      console.log(
        `physical limit = Slack's chat.postMessage tier (${SLACK_PER_CHANNEL_PER_SECOND}/s per channel, 1 message per channel; ${SLACK_RATE} posts/min across the workspace) and ${EMAIL_RATE} emails/min (bench pace; set BROADCAST_EMAILS_PER_MINUTE to your relay's)`,
      );
      if (slackLost + emailLost + slackDup + emailDup > 0) throw new Error("messages lost or duplicated");
      break;
    }
    if (now > 1800) throw new Error(`not sent after 30 min: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await services.close();
  await slack.close();
  await sink.close();
  await database.close().catch(() => {});
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
