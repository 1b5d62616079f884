import type { ConditionNode, Issue, ViewFilter } from "@switchboard/api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createAccount } from "../src/commands/customers";
import { createCustomField } from "../src/commands/customFields";
import { assignIssue, openIssue, setIssueFields, setTags } from "../src/commands/issues";
import { createTeam } from "../src/commands/team";
import { type IssueFacts, matchesView } from "../src/domain/views";
import { api, buildWorkspace, useTestApp } from "./harness";

const app = useTestApp();

type Filter = z.input<typeof ViewFilter>;

describe("views", () => {
  it("selects the same issues in SQL as the filter language says, for every kind of condition", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const fixture = await ws.run(async (ctx) => {
      const support = await createTeam(ctx, { name: "Support" });
      const sales = await createTeam(ctx, { name: "Sales", mode: "scoped" });
      const acme = await createAccount(ctx, {
        name: "Acme",
        type: "customer",
        tier: "Enterprise",
        ownerUserId: ws.adminId,
      });
      const trial = await createAccount(ctx, { name: "Trialco", type: "trial" });
      const specs = [
        { title: "Export fails", teamId: support.id, accountId: acme.id, priority: "urgent" as const, tags: ["bug"] },
        { title: "Pricing question", teamId: sales.id, accountId: trial.id, priority: "low" as const, tags: [] },
        {
          title: "How do I invite users",
          teamId: support.id,
          accountId: null,
          priority: "medium" as const,
          tags: ["howto"],
        },
        {
          title: "Another export problem",
          teamId: null,
          accountId: acme.id,
          priority: "high" as const,
          tags: ["bug", "export"],
        },
      ];
      const created = [];
      for (const spec of specs) {
        const issue = await openIssue(ctx, spec);
        created.push(issue);
      }
      await assignIssue(ctx, created[0]?.number ?? 0, { assigneeUserId: ws.adminId });
      await setTags(ctx, created[2]?.number ?? 0, ["howto"]);
      return { support, sales, acme, trial };
    });

    const filters: Filter[] = [
      { conditions: [{ field: "team", op: "in", values: [fixture.support.id] }] },
      { conditions: [{ field: "team", op: "in", values: ["none"] }] },
      { conditions: [{ field: "assignee", op: "in", values: ["me"] }] },
      { conditions: [{ field: "assignee", op: "not_in", values: ["me"] }] },
      { conditions: [{ field: "account_owner", op: "in", values: ["me"] }] },
      { conditions: [{ field: "account_type", op: "in", values: ["trial", "prospect"] }] },
      { conditions: [{ field: "account_tier", op: "in", values: ["Enterprise"] }] },
      { conditions: [{ field: "priority", op: "in", values: ["urgent", "high"] }] },
      { conditions: [{ field: "tag", op: "has_any", values: ["bug"] }] },
      { conditions: [{ field: "tag", op: "has_none", values: ["bug"] }] },
      { conditions: [{ field: "text", op: "matches", query: "export" }] },
      {
        match: "any",
        conditions: [
          { field: "priority", op: "in", values: ["low"] },
          { field: "tag", op: "has_any", values: ["howto"] },
        ],
      },
      { conditions: [{ field: "created", op: "within_days", days: 1 }] },
      { conditions: [] },
      // The same language as trees: nested groups, tokens, unset accounts, text without case.
      {
        all: [
          { field: "issue.priority", op: "neq", value: "low" },
          {
            any: [
              { field: "account.type", op: "in", value: ["none"] },
              { field: "issue.tags", op: "eq", value: "BUG" },
            ],
          },
        ],
      },
      {
        any: [
          { field: "account.tier", op: "eq", value: "enterprise" },
          { field: "issue.team", op: "is_not_set" },
        ],
      },
      {
        all: [
          { field: "issue.title", op: "contains", value: "Export" },
          { field: "account.owner", op: "neq", value: "me" },
        ],
      },
      { all: [{ field: "issue.account", op: "not_in", value: [fixture.acme.id] }] },
      { any: [] },
    ];

    const all = (await as.get("/issues?limit=200")).json().items as ApiIssue[];
    for (const filter of filters) {
      const view = await as.post("/views", { name: "v", ownerType: "user", filter });
      expect(view.statusCode, view.body).toBe(201);
      const got = (await as.get(`/views/${view.json().id}/issues?limit=200`)).json().items as ApiIssue[];
      const expected = all.filter((i) =>
        matchesView(filter as never, facts(i, fixture.acme.id, ws.adminId), ws.adminId, new Date()),
      );
      expect(got.map((i) => i.number).sort(), JSON.stringify(filter)).toEqual(expected.map((i) => i.number).sort());
    }
  });

  it("selects the same issues in SQL as the evaluator for generated condition trees", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const f = await ws.run(async (ctx) => {
      const support = await createTeam(ctx, { name: "Support" });
      const acme = await createAccount(ctx, {
        name: "Acme",
        type: "customer",
        tier: "Enterprise",
        ownerUserId: ws.adminId,
      });
      const trial = await createAccount(ctx, { name: "Trialco", type: "trial", tier: "SMB" });
      await createCustomField(ctx, {
        object: "issue",
        key: "area",
        label: "Area",
        type: "select",
        options: ["Views", "Sync"],
      });
      await createCustomField(ctx, {
        object: "issue",
        key: "modules",
        label: "Modules",
        type: "multiselect",
        options: ["audiences", "Journeys"],
      });
      await createCustomField(ctx, { object: "issue", key: "seats", label: "Seats", type: "number" });
      const specs = [
        { title: "Export fails", teamId: support.id, accountId: acme.id, priority: "urgent" as const, tags: ["bug"] },
        { title: "Pricing", teamId: null, accountId: trial.id, priority: "low" as const, tags: [] },
        { title: "Invite users", teamId: support.id, accountId: null, priority: "none" as const, tags: ["howto"] },
        {
          title: "Sync export slow",
          teamId: null,
          accountId: acme.id,
          priority: "high" as const,
          tags: ["bug", "perf"],
        },
      ];
      const values: Record<string, unknown>[] = [
        { area: "Views", modules: ["audiences"], seats: 12 },
        { area: "Sync" },
        { modules: ["Journeys", "audiences"], seats: 3 },
        {},
      ];
      for (const [i, spec] of specs.entries()) {
        const issue = await openIssue(ctx, spec);
        if (Object.keys(values[i] ?? {}).length) await setIssueFields(ctx, issue.number, values[i] ?? {});
        if (i === 0) await assignIssue(ctx, issue.number, { assigneeUserId: ws.adminId });
      }
      return { support, acme, trial };
    });
    const all = (await as.get("/issues?limit=200")).json().items as ApiIssue[];
    const leaf = fc.constantFrom<ConditionNode[]>(
      { field: "issue.team", op: "in", value: [f.support.id] },
      { field: "issue.team", op: "eq", value: "none" },
      { field: "issue.assignee", op: "neq", value: "me" },
      { field: "issue.priority", op: "in", value: ["urgent", "none"] },
      { field: "issue.state", op: "not_in", value: ["closed"] },
      { field: "issue.channel", op: "eq", value: "api" },
      { field: "issue.title", op: "contains", value: "EXPORT" },
      { field: "issue.title", op: "not_contains", value: "sync" },
      { field: "issue.tags", op: "in", value: ["perf", "howto"] },
      { field: "issue.tags", op: "is_not_set" },
      { field: "issue.account", op: "in", value: [f.trial.id, "none"] },
      { field: "account.type", op: "neq", value: "customer" },
      { field: "account.tier", op: "in", value: ["smb"] },
      { field: "account.owner", op: "in", value: ["me"] },
      { field: "issue.field.area", op: "eq", value: "views" },
      { field: "issue.field.area", op: "is_set" },
      { field: "issue.field.modules", op: "in", value: ["AUDIENCES"] },
      { field: "issue.field.modules", op: "not_in", value: ["journeys"] },
      { field: "issue.field.seats", op: "in", value: [12, 3] },
      { field: "issue.field.seats", op: "is_not_set" },
      { field: "issue.created_at", op: "within_days", value: 1 },
      { field: "issue.updated_at", op: "older_than_days", value: 1 },
      { field: "issue.text", op: "search", value: "export" },
    );
    const tree = fc.letrec<{ node: ConditionNode }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("node"), { maxLength: 3 }).map((all) => ({ all })),
        fc.array(tie("node"), { maxLength: 3 }).map((any) => ({ any })),
      ),
    })).node;
    await fc.assert(
      fc.asyncProperty(tree, async (filter) => {
        const view = await as.post("/views", { name: "generated", ownerType: "user", filter });
        expect(view.statusCode, view.body).toBe(201);
        const got = (await as.get(`/views/${view.json().id}/issues?limit=200`)).json().items as ApiIssue[];
        const expected = all.filter((i) =>
          matchesView(filter, facts(i, f.acme.id, ws.adminId), ws.adminId, new Date()),
        );
        expect(got.map((i) => i.number).sort(), JSON.stringify(filter)).toEqual(expected.map((i) => i.number).sort());
      }),
      { numRuns: 40 },
    );
  });

  it("orders a view by priority, then oldest first, and counts open issues per view", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    for (const [title, priority] of [
      ["a", "low"],
      ["b", "urgent"],
      ["c", "urgent"],
      ["d", "none"],
    ] as const) {
      await as.post("/issues", { title, priority });
    }
    const view = (
      await as.post("/views", { name: "All", ownerType: "workspace", sort: "priority", layout: "kanban" })
    ).json();
    const items = (await as.get(`/views/${view.id}/issues`)).json().items as ApiIssue[];
    expect(items.map((i) => i.title)).toEqual(["b", "c", "a", "d"]);
    const counts = (await as.get("/views/counts")).json().counts as Record<string, number>;
    expect(counts[view.id]).toBe(4);
  });

  it("counts a view's open issues up to the cap, then says there are more", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    await as.post("/issues", { title: "first", priority: "high" });
    const open = (
      await as.post("/views", {
        name: "Open",
        ownerType: "user",
        filter: { all: [{ field: "issue.priority", op: "eq", value: "high" }] },
      })
    ).json();
    const few = (
      await as.post("/views", {
        name: "Few",
        ownerType: "user",
        filter: { all: [{ field: "issue.title", op: "eq", value: "first" }] },
      })
    ).json();
    // Fixture: a thousand copies of that issue in one statement (through the API this takes minutes).
    await app().database.query(
      `INSERT INTO issue (workspace_id, number, title, state, priority)
       SELECT workspace_id, number + g, 'copy', state, priority FROM issue, generate_series(1, 1000) g
       WHERE workspace_id = $1`,
      [ws.workspaceId],
    );
    const reply = (await as.get("/views/counts")).json() as {
      counts: Record<string, number>;
      cap: number;
      more: string[];
    };
    expect(reply.cap).toBe(1000);
    expect(reply.counts[open.id]).toBe(1000);
    expect(reply.counts[few.id]).toBe(1);
    expect(reply.more).toEqual([open.id]);
  });

  it("rejects a malformed filter with a validation error", async () => {
    const ws = await buildWorkspace(app());
    const res = await api(app(), ws.admin).post("/views", {
      name: "bad",
      ownerType: "user",
      filter: { conditions: [{ field: "state", op: "in", values: ["exploded"] }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
  });
});

type ApiIssue = Issue;

function facts(i: ApiIssue, ownedAccountId: string, ownerId: string): IssueFacts {
  return {
    state: i.state,
    priority: i.priority,
    teamId: i.team?.id ?? null,
    assigneeUserId: i.assignee?.id ?? null,
    accountId: i.account?.id ?? null,
    accountOwnerId: i.account?.id === ownedAccountId ? ownerId : null,
    accountType: i.account?.type ?? null,
    accountTier: i.account?.tier ?? null,
    channel: i.channel,
    tags: i.tags,
    customFields: i.customFields,
    createdAt: new Date(i.createdAt),
    updatedAt: new Date(i.updatedAt),
    title: i.title,
    text: i.title,
  };
}
