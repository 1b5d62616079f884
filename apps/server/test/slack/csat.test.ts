// CSAT over Slack: the survey's Block Kit buttons in the thread, signed clicks on the
// interactivity endpoint, the thank-you in place, the comment modal; duplicates and forgeries.

import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/commands/context";
import { changeState } from "../../src/commands/issues";
import type { JobName } from "../../src/jobCatalog";
import { useSlackWorld } from "./fixture";

const { app, slack, world } = useSlackWorld();
const JOBS: JobName[] = ["slack.event", "issue.changed", "csat.slack", "message.deliver", "analytics.refresh"];
const settle = () => app().services.jobs.idle(JOBS, 25_000);

type Block = { type: string; elements?: { action_id?: string; value?: string }[]; text?: { text: string } };

/**
 * A Slack issue from a customer's message, in `teamId` when given, closed by an agent (or by a
 * trigger); the survey posted in its thread.
 */
async function closedSlackIssue(text: string, options: { teamId?: string; byTrigger?: boolean } = {}) {
  const { channel } = await world().customerChannel();
  const casey = world().customer();
  const ts = await world().say(channel, casey.id, text);
  const issue = (await world().issues()).find((i) => i.title === text);
  if (!issue) throw new Error("no issue");
  if (options.teamId) {
    expect((await world().as.patch(`/issues/${issue.number}`, { teamId: options.teamId })).statusCode).toBe(200);
  }
  if (options.byTrigger) {
    const actor = { type: "trigger" as const, triggerId: "t-noise", name: "Close noise" };
    await runCommand(app().services, { workspaceId: world().ws.workspaceId, actor }, (ctx) =>
      changeState(ctx, issue.number, "closed"),
    );
  } else {
    expect((await world().as.patch(`/issues/${issue.number}`, { state: "closed" })).statusCode).toBe(200);
  }
  await settle();
  const survey = slack
    .accepted("chat.postMessage")
    .filter((m) => m.channel === channel && m.thread_ts === ts && String(m.blocks ?? "").includes("csat_rate_"));
  return { channel, ts, casey, number: issue.number, survey };
}

function buttons(posted: Record<string, unknown> | undefined) {
  const blocks = JSON.parse(String(posted?.blocks ?? "[]")) as Block[];
  return blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id);
}

let clicks = 0;
function click(where: { channel: string; user: string; messageTs: string }, actionId: string, value: string) {
  clicks += 1;
  const payload = {
    type: "block_actions",
    team: { id: slack.teamId },
    api_app_id: slack.appId,
    user: { id: where.user },
    trigger_id: `trig-${clicks}`,
    container: { type: "message", channel_id: where.channel, message_ts: where.messageTs },
    channel: { id: where.channel },
    message: { ts: where.messageTs },
    actions: [{ type: "button", action_id: actionId, value, action_ts: `${Date.now()}.${clicks}` }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const post = (body: string, options = {}) =>
  world().post("/hooks/slack/interactions", body, options, "application/x-www-form-urlencoded");
const csatEvents = async (n: number) => (await world().events(n)).filter((e) => e.type.startsWith("csat"));

describe("CSAT in Slack", () => {
  it("posts 1–5 buttons in the thread once, records a click, thanks in place, and a repeated delivery of a click changes nothing", async () => {
    const issue = await closedSlackIssue("Export button greyed out");
    expect(issue.survey).toHaveLength(1);
    const choices = buttons(issue.survey[0]);
    expect(choices.map((b) => b.action_id)).toEqual([1, 2, 3, 4, 5].map((n) => `csat_rate_${n}`));
    const messageTs = String(
      slack.messages.get(issue.channel)?.find((m) => m.thread_ts === issue.ts && m.text.includes("How did we do"))?.ts,
    );
    const where = { channel: issue.channel, user: issue.casey.id, messageTs };

    const four = click(where, "csat_rate_4", String(choices[3]?.value));
    expect((await post(four)).statusCode).toBe(200);
    expect((await world().as.get(`/issues/${issue.number}/csat`)).json()).toMatchObject({ score: 4, channel: "slack" });
    const update = slack.accepted("chat.update").at(-1);
    expect(update).toMatchObject({ channel: issue.channel, ts: messageTs });
    expect(String(update?.text)).toContain("Thanks for your rating");

    // A second click within 24 hours changes the rating.
    expect((await post(click(where, "csat_rate_2", String(choices[1]?.value)))).statusCode).toBe(200);
    // The first click delivered again (a retry, freshly signed) is taken once: the 2 stands.
    expect((await post(four)).statusCode).toBe(200);
    expect((await world().as.get(`/issues/${issue.number}/csat`)).json()).toMatchObject({ score: 2 });
    const events = await csatEvents(issue.number);
    expect(events.map((e) => [e.type, e.data.score ?? null, e.data.updated ?? null])).toEqual([
      ["csat_requested", null, null],
      ["csat", 4, false],
      ["csat", 2, true],
    ]);
  });

  it("takes the optional comment from a modal opened by the thank-you's button", async () => {
    const issue = await closedSlackIssue("Invoices show the wrong VAT");
    const choices = buttons(issue.survey[0]);
    const messageTs = String(slack.messages.get(issue.channel)?.find((m) => m.text.includes("How did we do"))?.ts);
    const where = { channel: issue.channel, user: issue.casey.id, messageTs };
    await post(click(where, "csat_rate_5", String(choices[4]?.value)));
    const more = buttons(slack.accepted("chat.update").at(-1));
    const commentButton = more.find((b) => b.action_id === "csat_comment");
    expect(commentButton).toBeDefined();
    expect((await post(click(where, "csat_comment", String(commentButton?.value)))).statusCode).toBe(200);
    const opened = slack.accepted("views.open").at(-1);
    const view = JSON.parse(String(opened?.view)) as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe("csat_comment");
    const submission = {
      type: "view_submission",
      team: { id: slack.teamId },
      api_app_id: slack.appId,
      user: { id: issue.casey.id },
      view: {
        id: "VCOMMENT1",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { comment: { text: { type: "plain_text_input", value: "Fixed within the hour <3" } } } },
      },
    };
    const body = new URLSearchParams({ payload: JSON.stringify(submission) }).toString();
    expect((await post(body)).statusCode).toBe(200);
    expect((await post(body)).statusCode).toBe(200);
    expect((await world().as.get(`/issues/${issue.number}/csat`)).json()).toMatchObject({
      score: 5,
      comment: "Fixed within the hour <3",
    });
    expect((await csatEvents(issue.number)).filter((e) => e.type === "csat")).toHaveLength(2);
  });

  it("refuses a forged or stale click and records nothing", async () => {
    const issue = await closedSlackIssue("SSO metadata expired");
    const choices = buttons(issue.survey[0]);
    const where = { channel: issue.channel, user: issue.casey.id, messageTs: issue.ts };
    const body = click(where, "csat_rate_1", String(choices[0]?.value));
    expect((await post(body, { secret: "not-the-signing-secret" })).statusCode).toBe(401);
    expect((await post(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).statusCode).toBe(401);
    // Correctly signed, but the button's value is not a survey we sealed.
    expect((await post(click(where, "csat_rate_1", "forged-token"))).statusCode).toBe(200);
    expect((await world().as.get(`/issues/${issue.number}/csat`)).statusCode).toBe(404);
  });

  it("follows the team's settings: 👍/👎 stored as 5 and 1, no survey when off or closed by a trigger", async () => {
    const thumbs = await world().as.post("/teams", { name: "Thumbs team", csatScale: "thumbs" });
    expect(thumbs.json()).toMatchObject({ csatEnabled: true, csatScale: "thumbs" });
    const quiet = await world().as.post("/teams", { name: "Quiet team" });
    const off = await world().as.patch(`/teams/${quiet.json().id}`, { csatEnabled: false });
    expect(off.json()).toMatchObject({ csatEnabled: false, csatScale: "1-5" });

    const liked = await closedSlackIssue("Dark mode please", { teamId: thumbs.json().id });
    const choices = buttons(liked.survey[0]);
    expect(choices.map((b) => b.action_id)).toEqual(["csat_rate_5", "csat_rate_1"]);
    const where = { channel: liked.channel, user: liked.casey.id, messageTs: liked.ts };
    await post(click(where, "csat_rate_5", String(choices[0]?.value)));
    expect((await world().as.get(`/issues/${liked.number}/csat`)).json()).toMatchObject({ score: 5 });
    expect(String(slack.accepted("chat.update").at(-1)?.text)).toContain("👍");

    expect((await closedSlackIssue("Where is the API key page?", { teamId: quiet.json().id })).survey).toEqual([]);
    const noise = await closedSlackIssue("Out of office until Monday", { byTrigger: true });
    expect(noise.survey).toEqual([]);
    expect(await csatEvents(noise.number)).toEqual([]);
  });

  it("reports the response rate: three of the four surveys above were answered", async () => {
    await settle();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const res = await world().as.get(`/analytics/metrics?metric=csat_response_rate&from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toMatchObject({ count: 4, value: 3 / 4 });
  });
});
