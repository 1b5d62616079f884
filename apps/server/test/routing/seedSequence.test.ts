// The seed's routing, whole and per channel: a prospect's or trial's issue goes to Sales, any
// other goes to Support, where the Router moves it to Customer Success, Migrations or Billing or
// leaves it with Support. The same for mail to each team address (support@, success@, billing@),
// a shared Slack channel and the API; an inbox's own team is only the fallback when no trigger
// set one.
import { randomBytes } from "node:crypto";
import type { IssueEvent, SlackChannel } from "@switchboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, useEmailApp } from "../email/support";
import type { TestApp } from "../harness";
import { unique } from "../harness";
import { nextTs, SlackStandin } from "../slack/standin";
import { routingWorkspace, SLOW, settle } from "./fixture";

const email = useEmailApp();
const slack = new SlackStandin();
let w: Awaited<ReturnType<typeof routingWorkspace>>;
let domain: string;
let inboxes: { support: string; success: string; billing: string };

beforeAll(async () => {
  await slack.start();
  const app = email().app;
  w = await routingWorkspace(app);
  domain = `${unique("desk")}.test`;
  // The demo's three team addresses, each with its team as the inbox's default.
  inboxes = { support: `support@${domain}`, success: `success@${domain}`, billing: `billing@${domain}` };
  const inboxTeams = { support: w.teams.support, success: w.teams.success, billing: w.teams.billing };
  for (const [local, teamId] of Object.entries(inboxTeams)) {
    const res = await w.as.post("/inboxes", { address: `${local}@${domain}`, name: local, teamId });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  const connected = await w.as.put("/slack/connection", {
    botToken: slack.botToken,
    signingSecret: slack.signingSecret,
    apiUrl: slack.url,
  });
  if (connected.statusCode !== 200) throw new Error(connected.body);
}, 180_000);
afterAll(() => slack.close());

type AccountType = "prospect" | "trial" | "customer";
/** An account of the type with an email domain, and the sender at it. */
async function customerOf(type: AccountType) {
  const accountDomain = `${unique(type)}.test`;
  const res = await w.as.post("/accounts", { name: unique(`${type} co`), type, domains: [accountDomain] });
  if (res.statusCode !== 201) throw new Error(res.body);
  return { accountId: res.json().id as string, from: `Robin Reyes <robin@${accountDomain}>` };
}

/** A shared Slack channel mapped to the account. */
async function slackChannelOf(accountId: string) {
  const channel = `C${randomBytes(4).toString("hex").toUpperCase()}`;
  slack.addChannel({ id: channel, name: `ext-${channel.toLowerCase()}`, is_ext_shared: true });
  await w.as.post("/slack/channels/sync");
  await settle(email().app);
  const row = ((await w.as.get("/slack/channels")).json().items as SlackChannel[]).find(
    (c) => c.slackChannelId === channel,
  );
  if (!row) throw new Error("channel not listed after sync");
  const mapped = await w.as.patch(`/slack/channels/${row.id}`, { accountId, mode: "all" });
  if (mapped.statusCode !== 200) throw new Error(mapped.body);
  return channel;
}

type Channel = "email to support@" | "email to success@" | "email to billing@" | "Slack" | "API";
const CHANNELS: Channel[] = ["email to support@", "email to success@", "email to billing@", "Slack", "API"];

/** A customer of the account type writes `title`/`text` through the channel; returns the issue number once routed. */
async function writeIn(channel: Channel, type: AccountType, title: string, text: string): Promise<number> {
  const app: TestApp = email().app;
  const who = await customerOf(type);
  const subject = unique(title);
  if (channel === "API") {
    const res = await w.as.post("/issues", { title: subject, body: text, accountId: who.accountId });
    if (res.statusCode !== 201) throw new Error(res.body);
  } else if (channel === "Slack") {
    const slackChannel = await slackChannelOf(who.accountId);
    const user = `U${randomBytes(4).toString("hex").toUpperCase()}`;
    slack.addUser({ id: user, name: "Robin Reyes", email: `robin@${unique("slack")}.example`, teamId: "TCUSTOMER" });
    const ts = nextTs();
    const said = `${subject}\n${text}`;
    slack.addMessage(slackChannel, { ts, user, text: said });
    const envelope = slack.envelope({
      type: "message",
      channel: slackChannel,
      channel_type: "channel",
      user,
      text: said,
      ts,
    });
    const body = JSON.stringify(envelope);
    const res = await app.http.inject({
      method: "POST",
      url: "/hooks/slack/events",
      headers: { "content-type": "application/json", ...slack.signedHeaders(body) },
      payload: body,
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  } else {
    const to =
      channel === "email to support@"
        ? inboxes.support
        : channel === "email to success@"
          ? inboxes.success
          : inboxes.billing;
    await send(email().smtp, { from: who.from, to, subject, text });
  }
  await settle(app);
  const found = (await w.as.get(`/issues?account=${who.accountId}`)).json().items as {
    number: number;
    title: string;
  }[];
  const issue = found.find((i) => i.title.startsWith(subject));
  if (!issue) throw new Error(`no issue for ${subject}`);
  return issue.number;
}

/** The issue's team moves, as [who moved it, team]. */
async function teamTrail(n: number): Promise<[string, string | null][]> {
  const events = (await w.as.get(`/issues/${n}/events`)).json().items as IssueEvent[];
  return events.filter((e) => e.type === "team").map((e) => [e.actorType, (e.data.to as string | null) ?? null]);
}

const QUESTIONS = {
  billing: {
    title: "Charged twice",
    text: "Hi, our invoice for April charged us twice for the same seats. Can you refund the duplicate charge?",
  },
  migrations: {
    title: "Moving from Zendesk",
    text: "We are moving from Zendesk next month. Can you import our old tickets and our help center articles?",
  },
  success: {
    title: "Onboarding call",
    text: "Can we schedule a call to go over onboarding and best practices for our new team?",
  },
  support: {
    title: "Views filter",
    text: "How do I create a view that shows only my team's issues? The filter button does not seem to work.",
  },
} as const;

describe.each(CHANNELS)("the seed's routing for %s", (channel) => {
  it.each(["prospect", "trial"] as const)(
    "sends a %s's issue to Sales by the first trigger, whatever the address",
    async (type) => {
      const n = await writeIn(channel, type, "Pricing for 50 agents", QUESTIONS.billing.text);
      expect((await w.issue(n)).team?.id).toBe(w.teams.sales);
      // Sales was the first and only team: no inbox team before it, no Router after it.
      expect(await teamTrail(n)).toEqual([["trigger", w.teams.sales]]);
      expect((await w.decisions(n)).filter((d) => d.kind === "route")).toEqual([]);
    },
    SLOW.timeout,
  );

  it.each([
    ["Billing", "billing"],
    ["Migrations", "migrations"],
    ["Customer Success", "success"],
  ] as const)(
    "sends a customer's issue to Support, where the Router moves it to %s",
    async (teamName, key) => {
      const q = QUESTIONS[key];
      const n = await writeIn(channel, "customer", q.title, q.text);
      const target = w.teams[key];
      expect(await teamTrail(n)).toEqual([
        ["trigger", w.teams.support],
        ["agent", target],
      ]);
      const [route] = (await w.decisions(n)).filter((d) => d.kind === "route");
      expect(route?.output).toMatchObject({ action: "route", teamId: target, runbookName: teamName });
    },
    SLOW.timeout,
  );

  it(
    "leaves a customer's how-to question with Support when no runbook fits",
    async () => {
      const n = await writeIn(channel, "customer", QUESTIONS.support.title, QUESTIONS.support.text);
      expect(await teamTrail(n)).toEqual([["trigger", w.teams.support]]);
      const [route] = (await w.decisions(n)).filter((d) => d.kind === "route");
      expect(route?.output).toMatchObject({ action: "stay", teamId: w.teams.support });
      expect((await w.issue(n)).assigneeAgentId).toBeNull();
    },
    SLOW.timeout,
  );
});

describe("an inbox's team as the fallback", () => {
  it(
    "gives mail its inbox's team, with the reason, only when no trigger set a team",
    async () => {
      const triggers = (await w.as.get("/triggers")).json().items as { id: string; name: string }[];
      const support = triggers.find((t) => t.name === "Everything else goes to Support");
      if (!support) throw new Error("demo trigger missing");
      await w.as.patch(`/triggers/${support.id}`, { enabled: false });
      try {
        const n = await writeIn("email to billing@", "customer", "Workspace question", QUESTIONS.support.text);
        expect(await teamTrail(n)).toEqual([["system", w.teams.billing]]);
        const events = (await w.as.get(`/issues/${n}/events`)).json().items as IssueEvent[];
        const moved = events.find((e) => e.type === "team");
        expect(moved?.data.reason).toBe(`default team of the inbox ${inboxes.billing}; no trigger set a team`);
        expect(events.find((e) => e.type === "created")?.data).toMatchObject({
          teamId: null,
          defaultTeamId: w.teams.billing,
        });
      } finally {
        await w.as.patch(`/triggers/${support.id}`, { enabled: true });
      }
    },
    SLOW.timeout,
  );
});
