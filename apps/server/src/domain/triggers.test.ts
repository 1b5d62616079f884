import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateConditions } from "./conditions/evaluate";
import { unsafePatternReason } from "./conditions/patterns";
import {
  type ConditionNode,
  evaluateTrigger,
  invalidReasonFor,
  type TriggerFacts,
  type TriggerRule,
  type WorkspaceCatalog,
} from "./triggers";

const SALES = "00000000-0000-4000-8000-000000000001";
const SUPPORT = "00000000-0000-4000-8000-000000000002";

const HIGHTOUCH = {
  name: "Hightouch",
  type: "customer",
  tier: "Enterprise",
  ownerUserId: "u1",
  customFields: { tcv: 90000 },
};

function facts(overrides: Partial<TriggerFacts> = {}): TriggerFacts {
  return {
    issue: {
      title: "Cannot export views",
      channel: "slack",
      state: "new",
      priority: "none",
      teamId: null,
      assigneeUserId: null,
      assigneeAgentId: null,
      tags: ["export"],
      customFields: { product_area: "views" },
      source: { inbox: "billing@acme.test" },
    },
    account: {
      name: "Hightouch",
      type: "customer",
      tier: "Enterprise",
      ownerUserId: "u1",
      customFields: { tcv: 90000 },
    },
    contact: { name: "Kim", email: "kim@hightouch.io" },
    message: { text: "Our invoice for March is wrong", authorType: "contact" },
    now: new Date("2025-03-03T15:00:00Z"),
    ...overrides,
  };
}

const prospectOrTrial: ConditionNode = { field: "account.type", op: "in", value: ["prospect", "trial"] };

const rule = (r: Partial<TriggerRule>): TriggerRule => ({
  id: "t1",
  name: "rule",
  event: "issue_created",
  enabled: true,
  conditions: { all: [] },
  actions: [{ type: "set_team", teamId: SALES }],
  ...r,
});

describe("trigger conditions", () => {
  it("routes a trial account to Sales and leaves a customer alone (the seed's first trigger)", () => {
    const trial = facts({ account: { ...HIGHTOUCH, type: "trial" } });
    expect(evaluateConditions(prospectOrTrial, trial).matched).toBe(true);
    expect(evaluateConditions(prospectOrTrial, facts()).matched).toBe(false);
  });

  it("records each evaluated condition with the value it saw", () => {
    const { trace } = evaluateConditions(prospectOrTrial, facts());
    expect(trace).toEqual([
      { field: "account.type", op: "in", value: ["prospect", "trial"], actual: "customer", matched: false },
    ]);
  });

  it("an issue without an account matches neither 'in' nor 'eq' on account fields", () => {
    expect(evaluateConditions(prospectOrTrial, facts({ account: null })).matched).toBe(false);
    expect(evaluateConditions({ field: "account.tier", op: "is_not_set" }, facts({ account: null })).matched).toBe(
      true,
    );
  });

  it("combines all/any, nested", () => {
    const node: ConditionNode = {
      all: [
        { field: "issue.channel", op: "eq", value: "Slack" },
        {
          any: [
            { field: "message.text", op: "contains", value: "refund" },
            { field: "message.text", op: "matches", value: "invoice\\s+for\\s+\\w+" },
          ],
        },
      ],
    };
    expect(evaluateConditions(node, facts()).matched).toBe(true);
    expect(evaluateConditions(node, facts({ message: { text: "hello", authorType: "contact" } })).matched).toBe(false);
  });

  it("reads custom fields, source facts, tags and contact domain", () => {
    const f = facts();
    expect(evaluateConditions({ field: "account.field.tcv", op: "gte", value: 50000 }, f).matched).toBe(true);
    expect(evaluateConditions({ field: "issue.field.product_area", op: "eq", value: "views" }, f).matched).toBe(true);
    expect(evaluateConditions({ field: "issue.source.inbox", op: "contains", value: "billing@" }, f).matched).toBe(
      true,
    );
    expect(evaluateConditions({ field: "issue.tags", op: "eq", value: "export" }, f).matched).toBe(true);
    expect(evaluateConditions({ field: "contact.domain", op: "eq", value: "hightouch.io" }, f).matched).toBe(true);
    expect(evaluateConditions({ field: "time.weekday", op: "eq", value: 1 }, f).matched).toBe(true);
  });

  it("'any' of nothing never matches; 'all' of nothing always does", () => {
    expect(evaluateConditions({ any: [] }, facts()).matched).toBe(false);
    expect(evaluateConditions({ all: [] }, facts()).matched).toBe(true);
  });

  it("negated operators are the exact complement of their positive forms", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, needle) => {
        const f = facts({ message: { text, authorType: "contact" } });
        const pos = evaluateConditions({ field: "message.text", op: "contains", value: needle }, f).matched;
        const neg = evaluateConditions({ field: "message.text", op: "not_contains", value: needle }, f).matched;
        return pos !== neg;
      }),
    );
  });
});

describe("regular expressions", () => {
  it("refuses nested quantifiers and back-references, accepts plain patterns", () => {
    expect(unsafePatternReason("(a+)+$")).toMatch(/Nested/);
    expect(unsafePatternReason("(\\w+\\s?)*x")).toMatch(/Nested/);
    expect(unsafePatternReason("(a)\\1")).toMatch(/Back-references/);
    expect(unsafePatternReason("[")).toMatch(/Invalid/);
    expect(unsafePatternReason("x".repeat(300))).toMatch(/at most/);
    expect(unsafePatternReason("invoice|refund|charge(d)?")).toBeNull();
  });

  it("an unsafe pattern never matches and returns at once", () => {
    const f = facts({ message: { text: `${"a".repeat(50_000)}!`, authorType: "contact" } });
    const started = Date.now();
    expect(evaluateConditions({ field: "message.text", op: "matches", value: "(a+)+$" }, f).matched).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe("evaluateTrigger", () => {
  it("skips disabled, invalid and other-event triggers", () => {
    expect(evaluateTrigger(rule({ enabled: false }), "issue_created", facts()).skipped).toBe("disabled");
    expect(evaluateTrigger(rule({ event: "message_received" }), "issue_created", facts()).skipped).toBe("other event");
    expect(evaluateTrigger({ ...rule({}), invalidReason: "team gone" }, "issue_created", facts()).skipped).toBe(
      "team gone",
    );
    expect(evaluateTrigger(rule({}), "issue_created", facts()).matched).toBe(true);
  });

  it("fires a no-reply trigger only after the configured business hours", () => {
    const noReply = rule({ event: "no_reply", noReplyHours: 4 });
    // Monday 15:00 UTC: three hours back is inside business hours, five is too (10:00).
    const at = (h: number) => facts({ lastCustomerMessageAt: new Date(facts().now.getTime() - h * 3_600_000) });
    expect(evaluateTrigger(noReply, "no_reply", at(3)).matched).toBe(false);
    expect(evaluateTrigger(noReply, "no_reply", at(5)).matched).toBe(true);
    expect(evaluateTrigger(noReply, "no_reply", facts({ lastCustomerMessageAt: null })).matched).toBe(false);
    // Friday 16:00 → Monday 10:00 is 66 calendar hours but only 2 business hours.
    const weekend = facts({
      now: new Date("2025-03-03T10:00:00Z"),
      lastCustomerMessageAt: new Date("2025-02-28T16:00:00Z"),
    });
    expect(evaluateTrigger(noReply, "no_reply", weekend).matched).toBe(false);
  });
});

describe("invalidReasonFor", () => {
  const catalog: WorkspaceCatalog = {
    teamIds: new Set([SUPPORT]),
    userIds: new Set(),
    agentIds: new Set(),
    macroIds: new Set(),
    issueFieldKeys: new Set(["product_area"]),
    accountFieldKeys: new Set(),
  };

  it("flags a trigger whose team was deleted", () => {
    expect(invalidReasonFor(rule({}), catalog)).toBe(`team ${SALES} no longer exists`);
    expect(invalidReasonFor(rule({ actions: [{ type: "set_team", teamId: SUPPORT }] }), catalog)).toBeNull();
  });

  it("flags unknown custom fields in conditions and actions, and unsafe patterns", () => {
    const r = rule({
      conditions: {
        all: [
          { field: "account.field.arr", op: "gt", value: 1 },
          { field: "message.text", op: "matches", value: "(x+)+" },
        ],
      },
      actions: [{ type: "set_field", key: "gone", value: "x" }],
    });
    const reason = invalidReasonFor(r, catalog) ?? "";
    expect(reason).toContain('issue field "gone"');
    expect(reason).toContain('account field "arr"');
    expect(reason).toContain("Nested quantifiers");
  });

  it("flags conditions a trigger cannot evaluate, whoever writes the trigger (API, seed, CLI)", () => {
    const r = rule({
      actions: [{ type: "set_team", teamId: SUPPORT }],
      conditions: { all: [{ field: "issue.text", op: "search", value: "refund" }] },
    });
    expect(invalidReasonFor(r, catalog)).toContain("issue.text");
  });
});
