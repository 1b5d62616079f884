// The workspace the scale-out and memory benches load: an inbox with its team, an API token, and
// shared Slack channels (on the Slack stand-in) each mapped to a customer account, all made
// through commands before the product's processes start on the same database.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { loadSlackConnection, sealSlackSecrets } from "../apps/server/src/channels/slack/secrets";
import { syncSlackChannels } from "../apps/server/src/channels/slack/sync";
import { createApiToken } from "../apps/server/src/commands/auth";
import { type Actor, runCommand } from "../apps/server/src/commands/context";
import { createAccount } from "../apps/server/src/commands/customers";
import { createInbox } from "../apps/server/src/commands/inboxes";
import { mapSlackChannel, saveSlackConnection } from "../apps/server/src/commands/slack";
import { createTeam } from "../apps/server/src/commands/team";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { openDatabase } from "../apps/server/src/db/connect";
import { listSlackChannels } from "../apps/server/src/queries/slack";
import { startServices } from "../apps/server/src/server";
import type { Services } from "../apps/server/src/services";
import { nextTs, type SlackStandin } from "../apps/server/test/slack/standin";

export const PASSWORD = "password123";
/** Slack customers; kept under users.info's tier (100/min) so the pacing gate does not dominate. */
export const SLACK_CUSTOMERS = 60;

export interface Fixture {
  workspaceId: string;
  domain: string;
  token: string;
  channels: string[];
}

/** The workspace, an inbox, an API token and the mapped Slack channels, made through commands. */
export async function setUpWorkspace(
  target: { url: string } | { dataDir: string },
  slack: SlackStandin,
  options: { channels: number; secretKey: string },
): Promise<Fixture> {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: "silent",
    SECRET_KEY: options.secretKey,
    ...("url" in target ? { DATABASE_URL: target.url } : { DATA_DIR: target.dataDir }),
  });
  const database = await openDatabase("url" in target ? { url: target.url } : { dataDir: target.dataDir });
  const services = await startServices(config, { worker: false, database });
  const tag = randomBytes(3).toString("hex");
  const domain = `scale-${tag}.test`;
  const { workspace, admin } = await database.db.transaction((tx) =>
    createWorkspace(tx, {
      name: `Scale ${tag}`,
      domain,
      admin: { email: `admin@${domain}`, name: "Admin", password: PASSWORD },
    }),
  );
  const asAdmin = {
    workspaceId: workspace.id,
    actor: { type: "user" as const, userId: admin.id, role: "admin" as const, name: "Admin" },
  };
  const token = await runCommand(services, asAdmin, async (ctx) => {
    const team = await createTeam(ctx, { name: "Support" });
    await createInbox(ctx, { address: `support@${domain}`, teamId: team.id });
    return (await createApiToken(ctx, "bench")).token;
  });
  const channels = await mapSlackCustomers(services, asAdmin, slack, options.channels);
  await services.close();
  return { workspaceId: workspace.id, domain, token, channels };
}

/** One signed Events API message (a thread reply when `root` is given), and its message key. */
export function slackMessage(slack: SlackStandin, fixture: Fixture, i: number, root?: { channel: string; ts: string }) {
  const channel = root?.channel ?? fixture.channels[(i * 13) % fixture.channels.length] ?? "";
  const ts = nextTs();
  const body = JSON.stringify(
    slack.envelope({
      type: "message",
      channel,
      channel_type: "channel",
      user: `UC${i % SLACK_CUSTOMERS}`,
      text: `Bench message ${i}: the sync is failing`,
      ts,
      ...(root && { thread_ts: root.ts }),
    }),
  );
  return { channel, ts, key: `${channel}:${ts}`, body };
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/**
 * `count` customer accounts, each with its shared channel on the Slack stand-in (and the stand-in's
 * customer people), the workspace connected to the stand-in, its channels synced and each mapped to
 * its account. Returns the channel ids.
 */
export async function mapSlackCustomers(
  services: Services,
  asAdmin: { workspaceId: string; actor: Actor },
  slack: SlackStandin,
  count: number,
): Promise<string[]> {
  const accounts = await runCommand(services, asAdmin, async (ctx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await createAccount(ctx, { name: `Customer ${i}` })).id);
    return ids;
  });
  const channels = Array.from({ length: count }, (_, i) => `C${String(i).padStart(6, "0")}`);
  for (const [i, id] of channels.entries()) slack.addChannel({ id, name: `ext-customer-${i}`, is_ext_shared: true });
  for (let i = 0; i < SLACK_CUSTOMERS; i++)
    slack.addUser({ id: `UC${i}`, name: `Customer Person ${i}`, email: `p${i}@customers.test`, teamId: "TCUST" });
  await runCommand(services, asAdmin, (ctx) =>
    saveSlackConnection(ctx, {
      ...sealSlackSecrets(services.secrets, slack, undefined),
      apiUrl: slack.url,
      teamId: slack.teamId,
      appId: slack.appId,
      botUserId: slack.botUserId,
      botId: slack.botId,
    }),
  );
  const connection = await loadSlackConnection(services, asAdmin.workspaceId);
  if (!connection) throw new Error("no Slack connection");
  await syncSlackChannels(services, connection);
  const rows = await listSlackChannels(services.database.db, asAdmin.workspaceId);
  await runCommand(services, asAdmin, async (ctx) => {
    for (const [i, { channel }] of rows.entries())
      await mapSlackChannel(ctx, channel.id, { accountId: accounts[i] ?? null });
  });
  return channels;
}

/** Every Slack issue, paged through the public API (what an agent would see). */
export async function countSlackIssues(base: string, token: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const url = `${base}/api/v1/issues?channel=slack&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = (await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: unknown[];
      nextCursor: string | null;
    };
    count += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return count;
}
