// Connecting a workspace to its Slack app: the bot token is checked with auth.test (which also
// tells us the team and the bot's own ids), then the channel list is synced.

import { eq } from "drizzle-orm";
import { type SlackConnectionInput, saveSlackConnection } from "../../commands/slack";
import type { Config } from "../../config";
import { workspaces } from "../../db/schema";
import { invalid } from "../../domain/errors";
import { slackConnectionOf } from "../../queries/slack";
import type { Services } from "../../services";
import { callSlack, type SlackConnection, slackErrorCode } from "./client";
import { runAsSlack } from "./command";
import { sealSlackSecrets } from "./secrets";
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
  let sealed: ReturnType<typeof sealSlackSecrets>;
  try {
    sealed = sealSlackSecrets(services.secrets, { botToken, signingSecret }, existing);
  } catch (error) {
    // No key to store them with (DATABASE_URL without SECRET_KEY): say so; the server still starts.
    console.warn(`  slack: NOT connected from the environment: ${(error as Error).message}`);
    return false;
  }
  const identity = await identifyBot(workspace.id, { botToken, apiUrl }).catch((error: unknown) => {
    console.warn(`[slack] auth.test failed, events still verified by signature: ${String(error)}`);
    return {};
  });
  await runAsSlack(services, workspace.id, (ctx) =>
    saveSlackConnection(ctx, {
      ...sealed,
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

/** What Slack's errors for a bad token mean for the admin. */
const TOKEN_FIXES: Record<string, string> = {
  invalid_auth: "Slack does not know this bot token. Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions.",
  not_authed: "No token reached Slack. Paste the Bot User OAuth Token (xoxb-…).",
  token_revoked:
    "The token was revoked (the app was uninstalled or reinstalled). Reinstall the app and paste the new token.",
  account_inactive: "The token belongs to a deactivated bot or workspace. Reinstall the app and paste the new token.",
  token_expired: "The token expired (token rotation is on). Turn token rotation off for the app and reinstall it.",
};

type ConnectionForTest = Pick<
  SlackConnection,
  "workspaceId" | "botToken" | "apiUrl" | "teamId" | "signatureVerifiedAt" | "signatureFailedAt"
>;

/** The connection panel's test: auth.test for the token; what the webhook saw for the signing secret. */
export async function testSlackConnection(connection: ConnectionForTest, publicUrl: string | undefined) {
  return { token: await testToken(connection), signingSecret: signingSecretStatus(connection, publicUrl) };
}

async function testToken(connection: ConnectionForTest) {
  try {
    const who = (await callSlack(connection, "auth.test")) as AuthTest;
    const otherTeam = connection.teamId && who.team_id && who.team_id !== connection.teamId;
    return {
      ok: !otherTeam,
      teamId: who.team_id ?? null,
      botUserId: who.user_id ?? null,
      error: otherTeam ? "other_team" : null,
      message: otherTeam
        ? `The token works but belongs to Slack team ${who.team_id}, not ${connection.teamId}: connect again with this workspace's token.`
        : `The bot token works: team ${who.team_id ?? "?"}, bot user ${who.user_id ?? "?"}.`,
    };
  } catch (error) {
    const code = slackErrorCode(error);
    return {
      ok: false,
      teamId: null,
      botUserId: null,
      error: code ?? (error instanceof Error ? error.message : String(error)),
      message: code
        ? (TOKEN_FIXES[code] ?? `Slack refused the bot token (${code}).`)
        : `Slack could not be reached to check the token: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * Slack never tells an app whether its signing secret is right; only a signed request can. So we
 * report what the webhook saw: the last request the secret verified and the last one naming this
 * app that it did not. A failure newer than the last success means the pasted secret is wrong.
 */
function signingSecretStatus(connection: ConnectionForTest, publicUrl: string | undefined) {
  const { signatureVerifiedAt: verified, signatureFailedAt: failed } = connection;
  const eventsUrl = `${publicUrl?.replace(/\/+$/, "") ?? "PUBLIC_URL"}/hooks/slack/events`;
  if (failed && (!verified || failed > verified)) {
    return {
      status: "failing" as const,
      lastVerifiedAt: verified,
      lastFailedAt: failed,
      message:
        "Slack's requests for this app do not match the signing secret: copy the Signing Secret from the app's Basic Information page (not the client secret or verification token) and connect again.",
    };
  }
  if (verified) {
    return {
      status: "verified" as const,
      lastVerifiedAt: verified,
      lastFailedAt: failed,
      message: "The signing secret verified Slack's latest request.",
    };
  }
  return {
    status: "unknown" as const,
    lastVerifiedAt: null,
    lastFailedAt: null,
    message: `No signed request from Slack yet. In the app's Event Subscriptions, set the Request URL to ${eventsUrl} (or press Retry): Slack sends a signed url_verification, and this panel shows whether the secret matched it.`,
  };
}
