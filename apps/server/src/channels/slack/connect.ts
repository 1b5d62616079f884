// Connecting a workspace to its Slack app: the bot token is checked with auth.test (which also
// tells us the team and the bot's own ids), then the channel list is synced.

import { eq } from "drizzle-orm";
import { type SlackConnectionInput, saveSlackConnection } from "../../commands/slack";
import { workspaces } from "../../db/schema";
import { invalid } from "../../domain/errors";
import { slackConnectionOf } from "../../queries/slack";
import type { Services } from "../../services";
import { callSlack } from "./client";
import { runAsSlack } from "./command";

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
