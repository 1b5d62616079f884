// The activity timeline in words: each event type of the issue log reads as a sentence with
// names, never JSON or ids.
import { describe, expect, it } from "vitest";
import type { IssueEvent } from "../../../api/types";
import { describeLog, type EventNames } from "./describeEvent";

const T = {
  support: "11111111-1111-4111-8111-111111111111",
  migrations: "22222222-2222-4222-8222-222222222222",
  success: "33333333-3333-4333-8333-333333333333",
};
const TOM = "44444444-4444-4444-8444-444444444444";
const ALEX = "55555555-5555-4555-8555-555555555555";
const ROUTER = "66666666-6666-4666-8666-666666666666";
const TRIGGER = "77777777-7777-4777-8777-777777777777";

const names: EventNames = {
  user: (id) => ({ [TOM]: "Tom Lindqvist", [ALEX]: "Alex Admin" })[id],
  team: (id) => ({ [T.support]: "Support", [T.migrations]: "Migrations", [T.success]: "Customer Success" })[id],
  agent: (id) => (id === ROUTER ? "Router" : undefined),
  field: (key) => (key === "category" ? "Category" : undefined),
};

let seq = 0;
const ev = (type: string, actorType: IssueEvent["actorType"], actorId: string | null, data: object): IssueEvent => ({
  seq: ++seq,
  type,
  actorType,
  actorId,
  data: data as IssueEvent["data"],
  createdAt: "2026-12-06T09:00:00.000Z",
});

const route = ev("ai_decision", "agent", ROUTER, {
  decisionId: "d",
  kind: "route",
  output: { action: "route", teamId: T.migrations, teamName: "Migrations", runbookName: "Migrations" },
  confidence: 0.99,
  reason: "Matches the Migrations runbook (99%): “zendesk”.",
});

describe("the activity timeline in words", () => {
  it("tells the seed's routing story: trigger, Router, assignment, a person's override", () => {
    const log = [
      ev("created", "system", null, { channel: "email", teamId: null, accountId: null, defaultTeamId: T.support }),
      ev("message", "system", null, { messageId: "m", authorType: "contact", visibility: "public" }),
      ev("team", "trigger", TRIGGER, { from: null, to: T.support }),
      ev("trigger", "trigger", TRIGGER, {
        triggerId: TRIGGER,
        name: "Everything else goes to Support",
        event: "issue_created",
        pass: 1,
        conditions: [],
        actions: ["Move to Support"],
      }),
      ev("assignee", "agent", ROUTER, { from: { userId: null, agentId: null }, to: { userId: null, agentId: ROUTER } }),
      route,
      ev("team", "agent", ROUTER, { from: T.support, to: T.migrations }),
      ev("assignee", "agent", ROUTER, { from: { userId: null, agentId: ROUTER }, to: { userId: null, agentId: null } }),
      ev("assignee", "system", null, { from: { userId: null, agentId: null }, to: { userId: TOM, agentId: null } }),
      ev("team", "user", ALEX, { from: T.migrations, to: T.success }),
    ];
    expect(describeLog(log, names)).toEqual([
      "Opened from Email; its inbox's team, Support, applies if no trigger sets one",
      "The customer wrote",
      "Trigger “Everything else goes to Support” moved this to Support",
      "Trigger “Everything else goes to Support” ran: Move to Support",
      "Router took this to route it",
      "Router chose Migrations (runbook Migrations, 99%): Matches the Migrations runbook (99%): “zendesk”.",
      "Router moved this to Migrations (runbook Migrations, 99%)",
      "Router unassigned itself",
      "Assigned to Tom Lindqvist",
      "Alex Admin moved this from Migrations to Customer Success, overriding Router's choice (Migrations, 99%)",
    ]);
  });

  it("words priority, state, tags, fields and the rest of the log", () => {
    const trigger = ev("trigger", "trigger", TRIGGER, {
      triggerId: TRIGGER,
      name: "Enterprise first",
      event: "issue_created",
      pass: 1,
      conditions: [],
      actions: [`team → ${T.support}`],
    });
    const log = [
      ev("priority", "trigger", TRIGGER, { from: "none", to: "high", setBy: "trigger" }),
      trigger,
      ev("priority", "system", null, { from: "high", to: "low", setBy: "ai", reason: "how-to question" }),
      ev("priority", "user", ALEX, { from: "low", to: "urgent", setBy: "user" }),
      ev("state", "user", TOM, { from: "new", to: "on_customer" }),
      ev("state", "user", TOM, { from: "on_customer", to: "closed" }),
      ev("reopened", "contact", null, {}),
      ev("assignee", "user", TOM, { from: { userId: null, agentId: null }, to: { userId: TOM, agentId: null } }),
      ev("assignee", "user", ALEX, { from: { userId: TOM, agentId: null }, to: { userId: null, agentId: null } }),
      ev("tags", "user", TOM, { added: ["bug"], removed: ["how-to", "sso"] }),
      ev("field", "user", TOM, { key: "category", from: null, to: "Bug" }),
      ev("field", "user", TOM, { key: "category", from: "Bug", to: null }),
      ev("title", "user", TOM, { from: "Help", to: "SSO loops" }),
      ev("merged", "user", TOM, { into: 12 }),
      ev("merged_from", "user", TOM, { from: 9 }),
      ev("message_edited", "user", TOM, { messageId: "m", previousText: "a", text: "b" }),
      ev("message_deleted", "user", TOM, { messageId: "m", previousText: "a" }),
      ev("reaction", "contact", null, {
        messageId: "m",
        emoji: "white_check_mark",
        slackUserId: "U1",
        removed: false,
        onAuthorType: "user",
        resolution: true,
      }),
      ev("reaction", "user", TOM, { split: true, intoIssueNumber: 31 }),
      ev("linked", "system", null, { relation: "follow_up", issueId: "x", number: 40 }),
      ev("linked", "system", null, { relation: "follow_up_of", issueId: "x", number: 3 }),
      ev("trigger", "system", null, {
        event: "issue_changed",
        stopped: "Triggers kept changing this issue; stopped after 3 passes.",
      }),
      ev("team", "system", null, {
        from: null,
        to: T.support,
        reason: "default team of the inbox support@x.test; no trigger set a team",
      }),
      ev("ai_decision", "system", null, {
        decisionId: "p",
        kind: "priority",
        output: { priority: "high" },
        confidence: 0.8,
        reason: "outage",
      }),
      ev("ai_decision", "system", null, {
        decisionId: "f",
        kind: "field",
        output: { key: "category", label: "Category", value: "Billing" },
        confidence: 0.82,
        reason: "Reads as Billing",
      }),
      ev("ai_decision", "system", null, {
        decisionId: "g",
        kind: "field",
        output: { key: "summary", label: "Summary", value: null },
        confidence: null,
        reason: "Describe Summary in settings for the AI to look for it.",
      }),
    ];
    const words = describeLog(log, names);
    expect(words).toEqual([
      "Priority raised to High by trigger “Enterprise first”",
      "Trigger “Enterprise first” ran: team → Support",
      "Priority lowered to Low by AI: how-to question",
      "Priority raised to Urgent by Alex Admin",
      "Tom Lindqvist changed the state from New to On customer",
      "Tom Lindqvist closed this",
      "Reopened by the customer's reply",
      "Tom Lindqvist took this",
      "Alex Admin unassigned Tom Lindqvist",
      "Tom Lindqvist added tag bug and removed tags how-to, sso",
      "Tom Lindqvist set Category to Bug",
      "Tom Lindqvist cleared Category",
      "Tom Lindqvist renamed this from “Help” to “SSO loops”",
      "Tom Lindqvist merged this into #12",
      "Tom Lindqvist merged #9 into this",
      "Tom Lindqvist edited a message",
      "Tom Lindqvist deleted a message",
      "The customer closed this with a :white_check_mark: reaction in Slack",
      "Tom Lindqvist split a message off into #31",
      "A late reply opened follow-up #40",
      "Follows up on #3, closed too long ago to reopen",
      "Triggers stopped: Triggers kept changing this issue; stopped after 3 passes.",
      "Moved to Support: default team of the inbox support@x.test; no trigger set a team",
      "AI judged the priority High (80%)",
      "AI set Category to Billing (82%)",
      "AI left Summary empty: Describe Summary in settings for the AI to look for it.",
    ]);
    for (const line of words) expect(line).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|[{}]/);
  });
});
