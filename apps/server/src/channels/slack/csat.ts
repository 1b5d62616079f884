// CSAT in Slack: when a Slack issue closes, Block Kit buttons (1–5 or 👍/👎, the team's scale) go
// into the issue's thread; a click arrives at the interactivity endpoint, is recorded by the one
// CSAT command and the survey message is updated in place (chat.update) to thank the customer,
// keeping the buttons so a second click within 24 hours changes the rating. The optional comment
// is a button that opens a modal (views.open needs the click's trigger_id, valid for 3 s, so it is
// opened while Slack waits); its submission is the comment. A thread reply is not taken as the
// comment: it is a customer message like any other and reopens the issue.
import { z } from "zod";
import { runCommand } from "../../commands/context";
import { commentOnCsat, recordCsat, recordCsatRequest } from "../../commands/csat";
import { takeSlackInteraction } from "../../commands/slack";
import { CSAT_LINK_DAYS, csatToken, readCsatToken } from "../../domain/csatLink";
import { type CsatScale, csatChoices, csatLabel } from "../../domain/csatSurvey";
import { AppError } from "../../domain/errors";
import { csatAlreadyRequested, csatSurveyOf } from "../../queries/csat";
import type { Services } from "../../services";
import { callSlack, type SlackConnection, slackErrorCode } from "./client";
import { loadSlackConnection } from "./secrets";
import { REFUSALS, slackThreadOf } from "./sender";

/** action_id of a rating button: `csat_rate_<score>`; the comment button and its modal. */
const RATE = "csat_rate_";
const COMMENT = "csat_comment";
const COMMENT_BLOCK = "comment";
const COMMENT_INPUT = "text";

/** The `csat.slack` job: posts the survey of a closed Slack issue in its thread, once per resolution. */
export async function askForCsatInSlack(services: Services, data: { workspaceId: string; issueId: string }) {
  const db = services.database.db;
  const survey = await csatSurveyOf(db, data.workspaceId, data.issueId);
  if ("skip" in survey || survey.issue.channel !== "slack") return;
  const { issue, scale, resolution } = survey;
  if (await csatAlreadyRequested(db, issue.id, resolution, "slack")) return;
  const connection = await loadSlackConnection(services, issue.workspaceId);
  const thread = slackThreadOf(issue);
  if (!connection || !thread) return;
  const now = services.now?.() ?? new Date();
  const token = csatToken(services.secrets, {
    workspaceId: issue.workspaceId,
    issueId: issue.id,
    resolution,
    expiresAt: now.getTime() + CSAT_LINK_DAYS * 86_400_000,
  });
  try {
    await callSlack(connection, "chat.postMessage", {
      channel: thread.channel,
      thread_ts: thread.threadTs,
      text: `Your request “${issue.title}” (#${issue.number}) is resolved. How did we do?`,
      blocks: surveyBlocks({ title: issue.title, number: issue.number, scale, token }),
      metadata: { event_type: "switchboard_csat", event_payload: { issue: issue.number, resolution } },
      unfurl_links: false,
    });
  } catch (error) {
    // The channel is gone or the app was removed: a survey is not worth a retry storm.
    if (REFUSALS[slackErrorCode(error) ?? ""]) return;
    throw error;
  }
  await runCommand(services, slackActor(issue.workspaceId), (ctx) =>
    recordCsatRequest(ctx, issue.id, { channel: "slack", resolution, scale }),
  );
}

interface SurveyView {
  title: string;
  number: number;
  scale: CsatScale;
  token: string;
  /** After a rating: the chosen score and, once given, the comment. */
  rated?: { score: number; comment: string | null };
}

export function surveyBlocks(view: SurveyView): Record<string, unknown>[] {
  const heading = view.rated
    ? `*Thanks for your rating!* You chose ${csatLabel(view.scale, view.rated.score)}. You can change it within 24 hours.`
    : `*How did we do?* Your request “${mrkdwnEscape(view.title)}” (#${view.number}) is resolved.`;
  const buttons = csatChoices(view.scale).map((c) => ({
    type: "button",
    action_id: `${RATE}${c.score}`,
    text: { type: "plain_text", text: `${c.emoji} ${c.label}`, emoji: true },
    value: view.token,
    ...(view.rated?.score === c.score ? { style: "primary" } : {}),
  }));
  const blocks: Record<string, unknown>[] = [
    { type: "section", text: { type: "mrkdwn", text: heading } },
    { type: "actions", block_id: "csat", elements: buttons },
  ];
  if (view.rated?.comment) {
    blocks.push({ type: "context", elements: [{ type: "plain_text", text: `Your comment: ${view.rated.comment}` }] });
  } else if (view.rated) {
    blocks.push({
      type: "actions",
      block_id: "csat_more",
      elements: [
        { type: "button", action_id: COMMENT, text: { type: "plain_text", text: "Add a comment" }, value: view.token },
      ],
    });
  }
  return blocks;
}

// ---- interactions ---------------------------------------------------------------------

const Action = z.object({ action_id: z.string(), value: z.string().optional(), action_ts: z.string().optional() });
const BlockActions = z.object({
  type: z.literal("block_actions"),
  trigger_id: z.string().optional(),
  user: z.object({ id: z.string() }),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  channel: z.object({ id: z.string() }).optional(),
  message: z.object({ ts: z.string() }).optional(),
  actions: z.array(Action).min(1),
});
const ViewSubmission = z.object({
  type: z.literal("view_submission"),
  user: z.object({ id: z.string() }),
  view: z.object({
    id: z.string(),
    callback_id: z.string().optional(),
    private_metadata: z.string().optional(),
    state: z
      .object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }))) })
      .optional(),
  }),
});
const ModalMetadata = z.object({ token: z.string(), channel: z.string(), ts: z.string() });

/** Whether an interactivity payload is ours (a CSAT button or the comment modal). */
export function isCsatInteraction(payload: Record<string, unknown>): boolean {
  const actions = BlockActions.safeParse(payload);
  if (actions.success) return actions.data.actions.some((a) => a.action_id.startsWith(RATE) || a.action_id === COMMENT);
  const view = ViewSubmission.safeParse(payload);
  return view.success && view.data.view.callback_id === COMMENT;
}

/**
 * A verified CSAT interaction. Each click and each submission is taken once (its action_ts or
 * view id, `slack_interaction`): a repeated delivery records nothing and updates nothing.
 */
export async function answerCsatInteraction(
  services: Services,
  connection: SlackConnection,
  payload: Record<string, unknown>,
): Promise<void> {
  const actions = BlockActions.safeParse(payload);
  if (actions.success) {
    for (const action of actions.data.actions) {
      if (action.action_id.startsWith(RATE)) await rate(services, connection, actions.data, action);
      else if (action.action_id === COMMENT) await openCommentModal(services, connection, actions.data, action);
    }
    return;
  }
  const view = ViewSubmission.safeParse(payload);
  if (view.success) await takeComment(services, connection, view.data);
}

type Click = z.infer<typeof BlockActions>;

async function rate(services: Services, connection: SlackConnection, click: Click, action: z.infer<typeof Action>) {
  const score = Number(action.action_id.slice(RATE.length));
  const claims = claimsOf(services, connection, action.value);
  const channel = click.container?.channel_id ?? click.channel?.id;
  const ts = click.container?.message_ts ?? click.message?.ts;
  if (!claims || !channel || !ts || !Number.isInteger(score)) return;
  const outcome = await runCommand(services, slackActor(connection.workspaceId), async (ctx) => {
    const key = `rate:${click.user.id}:${action.action_ts ?? click.trigger_id ?? ts}:${score}`;
    if (!(await takeSlackInteraction(ctx, key))) return { repeated: true as const };
    try {
      const row = await recordCsat(ctx, claims.issueId, { score, channel: "slack", resolution: claims.resolution });
      return { row };
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") return { refused: error.message };
      throw error;
    }
  });
  if ("repeated" in outcome) return;
  if ("refused" in outcome) {
    await callSlack(connection, "chat.postEphemeral", { channel, user: click.user.id, text: outcome.refused });
    return;
  }
  await showRated(services, connection, { channel, ts, token: action.value ?? "", claims }, outcome.row);
}

async function openCommentModal(
  services: Services,
  connection: SlackConnection,
  click: Click,
  action: z.infer<typeof Action>,
) {
  const channel = click.container?.channel_id ?? click.channel?.id;
  const ts = click.container?.message_ts ?? click.message?.ts;
  if (!claimsOf(services, connection, action.value) || !click.trigger_id || !channel || !ts) return;
  await callSlack(connection, "views.open", {
    trigger_id: click.trigger_id,
    view: {
      type: "modal",
      callback_id: COMMENT,
      private_metadata: JSON.stringify({ token: action.value, channel, ts }),
      title: { type: "plain_text", text: "Your comment" },
      submit: { type: "plain_text", text: "Send" },
      close: { type: "plain_text", text: "Cancel" },
      blocks: [
        {
          type: "input",
          block_id: COMMENT_BLOCK,
          label: { type: "plain_text", text: "Anything you would like to tell us?" },
          element: { type: "plain_text_input", action_id: COMMENT_INPUT, multiline: true, max_length: 2000 },
        },
      ],
    },
  });
}

async function takeComment(
  services: Services,
  connection: SlackConnection,
  submission: z.infer<typeof ViewSubmission>,
) {
  const meta = ModalMetadata.safeParse(parseJson(submission.view.private_metadata ?? ""));
  if (!meta.success) return;
  const claims = claimsOf(services, connection, meta.data.token);
  const comment = submission.view.state?.values[COMMENT_BLOCK]?.[COMMENT_INPUT]?.value?.trim();
  if (!claims || !comment) return;
  const row = await runCommand(services, slackActor(connection.workspaceId), async (ctx) => {
    if (!(await takeSlackInteraction(ctx, `view:${submission.view.id}`))) return undefined;
    return commentOnCsat(ctx, claims.issueId, { comment, channel: "slack", resolution: claims.resolution });
  });
  if (row) await showRated(services, connection, { ...meta.data, claims }, row);
}

/** Replaces the survey message with its thank-you (the buttons stay: a change is allowed for 24 h). */
async function showRated(
  services: Services,
  connection: SlackConnection,
  where: { channel: string; ts: string; token: string; claims: { issueId: string } },
  row: { score: number; comment: string | null },
) {
  const survey = await csatSurveyOf(services.database.db, connection.workspaceId, where.claims.issueId);
  // Reopened since (the survey's closing no longer stands): the rating still thanks on 1–5.
  const scale: CsatScale = "skip" in survey ? "1-5" : survey.scale;
  const label = csatLabel(scale, row.score);
  await callSlack(connection, "chat.update", {
    channel: where.channel,
    ts: where.ts,
    text: `Thanks for your rating: ${label}`,
    blocks: surveyBlocks({ title: "", number: 0, scale, token: where.token, rated: row }),
  });
}

/** The survey's sealed claims, only for this connection's workspace; anything else is ignored. */
function claimsOf(services: Services, connection: SlackConnection, token: string | undefined) {
  if (!token) return undefined;
  try {
    const claims = readCsatToken(services.secrets, token, services.now?.() ?? new Date());
    return claims.workspaceId === connection.workspaceId ? claims : undefined;
  } catch (error) {
    if (error instanceof AppError) return undefined;
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not ours: the caller ignores it.
    return undefined;
  }
}

/** Slack's mrkdwn control characters, escaped as Slack documents (&, <, >). */
function mrkdwnEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const slackActor = (workspaceId: string) => ({ workspaceId, actor: { type: "system" as const, name: "slack" } });
