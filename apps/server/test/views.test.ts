import type { Issue, ViewFilter } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createAccount } from "../src/commands/customers";
import { assignIssue, openIssue, setTags } from "../src/commands/issues";
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
    text: i.title,
  };
}
