import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { textMatch } from "./issues";
import { agentScope, customerScope, issueAudience, type ReadScope, seesWholeWorkspace, staffOf } from "./scope";
import { accountVisibility, eventVisibility, issueVisibility, messageVisibility } from "./visibility";

const WS = "ws-1";
const agent = agentScope(WS, { userId: "u-1", role: "member" });
const alice = customerScope(WS, { contactId: "alice", accountId: "acme" });
const carol = customerScope(WS, { contactId: "carol", accountId: null });

const compiled = (sql: Parameters<PgDialect["sqlToQuery"]>[0]) => new PgDialect().sqlToQuery(sql);

describe("issueAudience", () => {
  it("lets an agent see every issue of the workspace", () => {
    expect(issueAudience(agent)).toEqual({});
    expect(seesWholeWorkspace(agent)).toBe(true);
  });

  it("confines a customer to their account's issues", () => {
    expect(issueAudience(alice)).toEqual({ accountId: "acme" });
    expect(seesWholeWorkspace(alice)).toBe(false);
  });

  it("confines a customer without an account to the issues they asked for", () => {
    expect(issueAudience(carol)).toEqual({ requesterContactId: "carol" });
  });

  it("narrows a customer to their own requests when restricted to themself", () => {
    const mine = customerScope(WS, { contactId: "alice", accountId: "acme" }, { contactId: "alice" });
    expect(issueAudience(mine)).toEqual({ accountId: "acme", requesterContactId: "alice" });
  });

  it("narrows an agent to one account's issues when restricted to it", () => {
    expect(issueAudience({ ...agent, restrict: { accountId: "globex" } })).toEqual({ accountId: "globex" });
  });

  it("leaves nothing when a restriction names another account or person than the customer's", () => {
    const otherAccount: ReadScope = { ...alice, restrict: { accountId: "globex" } };
    const otherPerson: ReadScope = { ...carol, restrict: { contactId: "dave" } };
    expect(issueAudience(otherAccount)).toEqual({ nobody: true });
    expect(issueAudience(otherPerson)).toEqual({ nobody: true });
    expect(compiled(issueVisibility(otherAccount)).sql).toBe("false");
    expect(compiled(accountVisibility(otherAccount)).sql).toBe("false");
  });

  it("keeps a restriction that repeats the customer's own account", () => {
    expect(issueAudience({ ...alice, restrict: { accountId: "acme" } })).toEqual({ accountId: "acme" });
  });
});

describe("staffOf", () => {
  it("hands agent-only queries the agent's workspace and id", () => {
    expect(staffOf(agent)).toEqual({ workspaceId: WS, userId: "u-1", role: "member" });
  });

  it("refuses a customer with the forbidden error", () => {
    expect(() => staffOf(alice)).toThrow(expect.objectContaining({ code: "forbidden" }));
  });
});

describe("visibility SQL", () => {
  it("is exactly the workspace predicate for an agent, so agents' queries are unchanged", () => {
    expect(compiled(issueVisibility(agent))).toMatchObject({ sql: '"issue"."workspace_id" = $1', params: [WS] });
    expect(compiled(messageVisibility(agent))).toMatchObject({ sql: '"message"."workspace_id" = $1', params: [WS] });
    expect(compiled(eventVisibility(agent)).sql).toBe('"issue_event"."workspace_id" = $1');
  });

  it("checks a customer's messages against their issues and keeps internal notes out", () => {
    const { sql, params } = compiled(messageVisibility(alice));
    expect(sql).toContain('"message"."issue_id" IN (SELECT "issue"."id" FROM "issue"');
    expect(sql).toContain(`"message"."visibility" = 'public'`);
    expect(params).toEqual([WS, WS, "acme"]);
  });

  it("shows a customer only the customer-facing events, and message events of public messages", () => {
    const { sql, params } = compiled(eventVisibility(alice));
    expect(params).toEqual(expect.arrayContaining(["created", "state", "message"]));
    expect(params).not.toEqual(expect.arrayContaining(["assignee"]));
    expect(sql).toContain(`->> 'visibility' = 'public'`);
  });

  it("searches only public messages for a customer, every message for an agent", () => {
    expect(compiled(textMatch(alice, "refund")).sql).toContain(`"message"."visibility" = 'public'`);
    expect(compiled(textMatch(agent, "refund")).sql).not.toContain("visibility");
  });
});
