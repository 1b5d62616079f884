import {
  CONDITION_FIELDS,
  type ConditionNode,
  LegacyViewFilter,
  legacyViewFilterToNode,
  TriggerConditions,
  ViewFilter,
} from "@switchboard/api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { viewFilterOf } from "../views";
import { FACT_READERS, factValue } from "./catalog";
import { evaluateConditions } from "./evaluate";
import type { ConditionFacts } from "./facts";
import { conditionProblems } from "./validate";

const ALICE = "00000000-0000-4000-8000-0000000000a1";
const SUPPORT = "00000000-0000-4000-8000-0000000000b1";

function facts(overrides: Partial<ConditionFacts["issue"]> = {}, account: ConditionFacts["account"] = null) {
  return {
    issue: {
      title: "Export fails",
      channel: "slack",
      state: "on_you",
      priority: "high",
      teamId: SUPPORT,
      assigneeUserId: null,
      assigneeAgentId: null,
      tags: ["bug"],
      customFields: { product_area: "Views", seats: 12, modules: ["sync", "Audiences"] },
      source: {},
      accountId: account ? "acc" : null,
      createdAt: new Date("2025-03-01T00:00:00Z"),
      updatedAt: new Date("2025-03-03T00:00:00Z"),
      text: "Export fails on the nightly sync",
      ...overrides,
    },
    account,
    contact: null,
    message: null,
    now: new Date("2025-03-04T00:00:00Z"),
  } satisfies ConditionFacts;
}

const matched = (node: ConditionNode, f: ConditionFacts = facts(), viewerId?: string) =>
  evaluateConditions(node, f, { viewerId }).matched;

describe("the field catalog", () => {
  it("gives every field a reader, and reads keyed fields by their key", () => {
    expect(CONDITION_FIELDS.map((f) => f.name).sort()).toEqual(Object.keys(FACT_READERS).sort());
    expect(factValue(facts(), "issue.field.seats")).toBe(12);
    expect(factValue(facts(), "issue.field.missing")).toBeNull();
    expect(factValue(facts(), "issue.nothing")).toBeUndefined();
  });

  it("keeps event fields out of views and view-only fields out of triggers", () => {
    const view = (node: ConditionNode) => conditionProblems(node, "issue");
    const trigger = (node: ConditionNode) => conditionProblems(node, "event");
    expect(view({ field: "message.text", op: "contains", value: "refund" })).toEqual([
      '"message.text" cannot be used in issue conditions',
    ]);
    expect(trigger({ field: "issue.created_at", op: "within_days", value: 3 })).toHaveLength(1);
    expect(trigger({ field: "issue.text", op: "search", value: "export" })).toHaveLength(1);
    expect(view({ all: [{ field: "issue.team", op: "in", value: [SUPPORT, "none"] }] })).toEqual([]);
    expect(trigger({ field: "issue.state", op: "within_days", value: 2 })).toEqual([
      '"issue.state" cannot be compared with "within_days"',
    ]);
    // SQL has no JavaScript regular expressions: views cannot use `matches`.
    expect(view({ field: "issue.title", op: "matches", value: "exp.rt" })).toHaveLength(1);
    expect(trigger({ field: "issue.title", op: "matches", value: "(a+)+" })).toEqual([
      "issue.title: Nested quantifiers are not allowed.",
    ]);
    expect(view({ field: "issue.created_at", op: "within_days", value: 1.5 })).toHaveLength(1);
    expect(trigger({ field: "issue.bogus", op: "eq", value: 1 })).toEqual(['unknown condition field "issue.bogus"']);
  });

  it("refuses a view filter or trigger condition that does not fit its context at the API", () => {
    expect(ViewFilter.safeParse({ all: [{ field: "message.text", op: "contains", value: "x" }] }).success).toBe(false);
    expect(TriggerConditions.safeParse({ field: "issue.text", op: "search", value: "x" }).success).toBe(false);
    expect(TriggerConditions.safeParse({ field: "message.text", op: "contains", value: "x" }).success).toBe(true);
  });
});

describe("the evaluator", () => {
  it("resolves 'me' to the viewer and 'none' to unset, and 'me' matches nobody without a viewer", () => {
    const mine: ConditionNode = { field: "issue.assignee", op: "in", value: ["me"] };
    const f = facts({ assigneeUserId: ALICE });
    expect(matched(mine, f, ALICE)).toBe(true);
    expect(matched(mine, f)).toBe(false);
    expect(matched({ field: "issue.assignee", op: "in", value: ["none"] })).toBe(true);
    expect(matched({ field: "account.tier", op: "eq", value: "none" })).toBe(true);
  });

  it("reads an issue without an account as unset on every account field", () => {
    const enterprise = { name: "Acme", type: "customer", tier: "Enterprise", ownerUserId: ALICE, customFields: {} };
    expect(matched({ field: "account.tier", op: "in", value: ["enterprise"] }, facts({}, enterprise))).toBe(true);
    expect(matched({ field: "account.tier", op: "not_in", value: ["Enterprise"] })).toBe(true);
    expect(matched({ field: "account.owner", op: "is_not_set" })).toBe(true);
  });

  it("compares custom fields as text without case, numbers as numbers, multiselects by element", () => {
    expect(matched({ field: "issue.field.product_area", op: "in", value: ["views"] })).toBe(true);
    expect(matched({ field: "issue.field.seats", op: "eq", value: 12 })).toBe(true);
    expect(matched({ field: "issue.field.seats", op: "eq", value: "12" })).toBe(false);
    expect(matched({ field: "issue.field.modules", op: "in", value: ["audiences"] })).toBe(true);
    expect(matched({ field: "issue.field.modules", op: "not_in", value: ["audiences"] })).toBe(false);
  });

  it("tests relative dates against the clock of the facts, and searches words", () => {
    expect(matched({ field: "issue.updated_at", op: "within_days", value: 1 })).toBe(true);
    expect(matched({ field: "issue.created_at", op: "older_than_days", value: 2 })).toBe(true);
    expect(matched({ field: "issue.created_at", op: "within_days", value: 2 })).toBe(false);
    expect(matched({ field: "issue.text", op: "search", value: "nightly EXPORT" })).toBe(true);
    expect(matched({ field: "issue.text", op: "search", value: "export weekly" })).toBe(false);
  });

  it("traces dates as ISO text", () => {
    const { trace } = evaluateConditions({ field: "issue.created_at", op: "within_days", value: 7 }, facts());
    expect(trace).toEqual([
      { field: "issue.created_at", op: "within_days", value: 7, actual: "2025-03-01T00:00:00.000Z", matched: true },
    ]);
  });

  it("a negated operator is the exact complement of its positive form, on any field", () => {
    const pairs = [
      ["eq", "neq"],
      ["in", "not_in"],
      ["is_set", "is_not_set"],
    ] as const;
    const fields = ["issue.team", "issue.tags", "issue.field.modules", "account.tier", "issue.title"];
    const value = fc.oneof(fc.constantFrom("bug", "none", "me", SUPPORT, "Export fails", "sync"), fc.string());
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.constantFrom(...fields),
        fc.array(value, { minLength: 1 }),
        (p, f, v) => {
          const [pos, neg] = p;
          const expected = pos === "eq" ? v[0] : v;
          return (
            matched({ field: f, op: pos, value: expected }, facts(), ALICE) !==
            matched({ field: f, op: neg, value: expected }, facts(), ALICE)
          );
        },
      ),
    );
  });
});

describe("the earlier view dialect", () => {
  it("is rewritten into condition trees", () => {
    const legacy = LegacyViewFilter.parse({
      match: "any",
      conditions: [
        { field: "assignee", op: "in", values: ["me", "none"] },
        { field: "account_tier", op: "not_in", values: ["SMB"] },
        { field: "tag", op: "has_none", values: ["spam"] },
        { field: "field", key: "product_area", op: "not_set" },
        { field: "updated", op: "older_than_days", days: 3 },
        { field: "text", op: "matches", query: "refund" },
      ],
    });
    expect(legacyViewFilterToNode(legacy)).toEqual({
      any: [
        { field: "issue.assignee", op: "in", value: ["me", "none"] },
        { field: "account.tier", op: "not_in", value: ["SMB"] },
        { field: "issue.tags", op: "not_in", value: ["spam"] },
        { field: "issue.field.product_area", op: "is_not_set" },
        { field: "issue.updated_at", op: "older_than_days", value: 3 },
        { field: "issue.text", op: "search", value: "refund" },
      ],
    });
    expect(ViewFilter.parse({})).toEqual({ all: [] });
  });

  it("is stored as a tree by the view commands, which refuse what views cannot evaluate", () => {
    expect(viewFilterOf(undefined)).toEqual({ all: [] });
    expect(viewFilterOf({ conditions: [{ field: "team", op: "in", values: ["none"] }] })).toEqual({
      all: [{ field: "issue.team", op: "in", value: ["none"] }],
    });
    expect(() => viewFilterOf({ all: [{ field: "message.text", op: "contains", value: "x" }] })).toThrow(
      /cannot be used in issue conditions/,
    );
    expect(() => viewFilterOf({ conditions: [{ field: "mood", op: "in", values: ["x"] }] })).toThrow(/not in a known/);
  });
});

describe("SLA fields", () => {
  const sla = {
    policyId: "p1",
    breached: [] as string[],
    paused: false,
    dueAt: new Date("2025-03-04T00:20:00Z"),
    firstResponseDueAt: new Date("2025-03-04T00:20:00Z"),
    nextResponseDueAt: null,
    resolutionDueAt: new Date("2025-03-04T08:00:00Z"),
  };
  const withSla = (over: Partial<typeof sla> = {}): ConditionFacts => ({ ...facts(), sla: { ...sla, ...over } });

  it("reads minutes until each due time, the state and the missed targets", () => {
    expect(factValue(withSla(), "sla.first_response_due_in")).toBe(20);
    expect(factValue(withSla(), "sla.resolution_due_in")).toBe(480);
    expect(factValue(withSla(), "sla.next_response_due_in")).toBeNull();
    expect(matched({ field: "sla.first_response_due_in", op: "lte", value: 20 }, withSla())).toBe(true);
    expect(matched({ field: "sla.first_response_due_in", op: "lt", value: 20 }, withSla())).toBe(false);
    expect(matched({ field: "sla.next_response_due_in", op: "is_not_set" }, withSla())).toBe(true);
    expect(factValue(withSla(), "sla.state")).toBe("running");
    expect(factValue(withSla({ paused: true }), "sla.state")).toBe("paused");
    const missed = withSla({ breached: ["first_response"], paused: true });
    expect(factValue(missed, "sla.state")).toBe("breached");
    expect(matched({ field: "sla.breached", op: "in", value: ["first_response"] }, missed)).toBe(true);
    expect(matched({ field: "sla.breached", op: "is_set" }, withSla())).toBe(false);
    expect(factValue(facts(), "sla.state")).toBeNull();
  });

  it("takes whole minutes within a year, in views and triggers alike", () => {
    for (const context of ["issue", "event"] as const) {
      expect(conditionProblems({ field: "sla.due_in", op: "lte", value: -30 }, context)).toEqual([]);
      expect(conditionProblems({ field: "sla.due_in", op: "lte", value: 1.5 }, context)).toHaveLength(1);
      expect(conditionProblems({ field: "sla.due_in", op: "contains", value: 5 }, context)).toHaveLength(1);
    }
    expect(ViewFilter.safeParse({ field: "sla.state", op: "in", value: ["breached"] }).success).toBe(true);
  });
});

describe("issue.topic", () => {
  const TOPIC = "00000000-0000-4000-8000-0000000000c1";
  it("matches an issue whose questions are in the topic, and is view-only", () => {
    const inTopic = facts({ topicIds: [TOPIC] });
    expect(matched({ field: "issue.topic", op: "eq", value: TOPIC }, inTopic)).toBe(true);
    expect(matched({ field: "issue.topic", op: "eq", value: TOPIC }, facts())).toBe(false);
    expect(matched({ field: "issue.topic", op: "not_in", value: [TOPIC] }, facts())).toBe(true);
    expect(matched({ field: "issue.topic", op: "is_set" }, inTopic)).toBe(true);
    expect(conditionProblems({ field: "issue.topic", op: "eq", value: TOPIC }, "issue")).toEqual([]);
    expect(conditionProblems({ field: "issue.topic", op: "eq", value: TOPIC }, "event")).toHaveLength(1);
  });
});
