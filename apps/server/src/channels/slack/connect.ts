// Connecting a workspace to its Slack app: the bot token is checked with auth.test (which also
// tells us the team and the bot's own ids), then the channel list is synced.

import { eq } from "drizzle-orm";
import { type SlackConnectionInput, saveSlackConnection } from "../../commands/slack";
import type { Config } from "../../config";
import { workspaces } from "../../db/schema";
import { invalid } from "../../domain/errors";
import { slackConnectionOf } from "../../queries/slack";
import type { Services } from "../../services";
import { callSlack } from "./client";
import { runAsSlack } from "./command";
import { type SignedRequest, verifySlackSignature } from "./verify";

interface AuthTest {
  team_id?: string;
  user_id?: string;
  bot_id?: string;
  app_id?: string;
}

/** Asks Slack who the token belongs to; a bad token is the admin's input error, not ours. */
export async function identifyBot(
  workspaceId: string,
  input: Pick<SlackConnectionInput, "botToken" | "apiUrl">,
): Promise<Pick<SlackConnectionInput, "teamId" | "botUserId" | "botId" | "appId">> {
  try {
    const who = (await callSlack(
      { workspaceId, botToken: input.botToken, apiUrl: input.apiUrl ?? null },
      "auth.test",
    )) as AuthTest;
    return {
      teamId: who.team_id ?? null,
      botUserId: who.user_id ?? null,
      botId: who.bot_id ?? null,
      appId: who.app_id ?? null,
    };
  } catch (error) {
    throw invalid(`Slack did not accept the bot token: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The demo workspace's Slack app from SLACK_BOT_TOKEN / SLACK_SIGNING_SECRET / SLACK_API_URL.
 * Slack being unreachable at start must not stop the server: the connection is stored without
 * its team id (the signature still authenticates events) and identified on a later start.
 */
export async function configureSlackFromEnv(services: Services, workspaceDomain: string): Promise<boolean> {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: apiUrl } = services.config;
  if (!botToken || !signingSecret) return false;
  const db = services.database.db;
  const [workspace] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.domain, workspaceDomain));
  if (!workspace) return false;
  const existing = await slackConnectionOf(db, workspace.id);
  const identity = await identifyBot(workspace.id, { botToken, apiUrl }).catch((error: unknown) => {
    console.warn(`[slack] auth.test failed, events still verified by signature: ${String(error)}`);
    return {};
  });
  await runAsSlack(services, workspace.id, (ctx) =>
    saveSlackConnection(ctx, {
      botToken,
      signingSecret,
      apiUrl: apiUrl ?? null,
      issueEmoji: existing?.issueEmoji,
      teamId: existing?.teamId,
      appId: existing?.appId,
      botUserId: existing?.botUserId,
      botId: existing?.botId,
      ...identity,
    }),
  );
  await services.jobs.enqueue("slack.sync", { workspaceId: workspace.id });
  return true;
}

/** What the environment configures for Slack, for the start-up log: what is set and what is missing. */
export function slackEnvironmentSummary(config: Pick<Config, "SLACK_SIGNING_SECRET" | "SLACK_BOT_TOKEN">): {
  complete: boolean;
  line: string;
} {
  const secret = Boolean(config.SLACK_SIGNING_SECRET);
  const token = Boolean(config.SLACK_BOT_TOKEN);
  if (secret && token) return { complete: true, line: "slack: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET set" };
  if (!secret && !token) {
    return { complete: true, line: "slack: not configured from the environment (connect it under Settings → Slack)" };
  }
  const [set, missing] = secret
    ? ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"]
    : ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"];
  return {
    complete: false,
    line: `slack: ${set} is set but ${missing} is missing, so Slack is NOT connected: its events are refused until both are set`,
  };
}

/**
 * Why a signed Slack request matched no connection, in words that name the real cause: a
 * half-configured environment, no connection at all, or a signature that is really wrong.
 */
export function unverifiedReason(
  config: Pick<Config, "SLACK_SIGNING_SECRET" | "SLACK_BOT_TOKEN">,
  request: SignedRequest,
  connections: number,
): string {
  const envSigned = config.SLACK_SIGNING_SECRET && verifySlackSignature(config.SLACK_SIGNING_SECRET, request).ok;
  if (envSigned && !config.SLACK_BOT_TOKEN) {
    return "Slack is not connected: SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is missing. Set both and restart, or connect Slack under Settings → Slack.";
  }
  if (envSigned)
    return "Slack is not connected: no workspace has this Slack app's connection yet (restart the server to create it).";
  if (connections === 0) return "No Slack app is connected to this Switchboard: connect one under Settings → Slack.";
  return "The Slack signature does not match.";
}
