// Zendesk import through its stand-in, started from the API as a background job: users,
// organizations, groups (teams) and their agents, custom fields, tickets with comments (public → messages, private → notes) and
// attachments, macros and articles; paging of every kind; poison records skipped and reported;
// history keeping its times and authors; nothing reacting (routing, notifications, delivery,
// webhooks) while analytics learns of it; a re-run updating rather than duplicating under rate
// limiting; and an import interrupted half-way resuming from its cursor.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTeam } from "../../src/commands/team";
import { dispatchWebhookEvents } from "../../src/commands/webhookDispatch";
import { createWebhook } from "../../src/commands/webhooks";
import {
  aiDecisions,
  emailOutbox,
  issueEvents,
  kbArticles,
  macros,
  metricFacts,
  notifications,
  teams,
  users,
  webhookDeliveries,
} from "../../src/db/schema";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";
import { AGENT, CUSTOMER, fillHelpDesk } from "./fixtures";
import { ZendeskStandin } from "./standin";
import { countIssues, issueNumberOf, skippedOf, startZendeskImport, waitForRun } from "./support";

const app = useTestApp({ WEBHOOKS_ALLOW_PRIVATE: "1" });
const zd = new ZendeskStandin();
let ws: TestWorkspace;
let as: ReturnType<typeof api>;
const db = () => app().services.database.db;

beforeAll(async () => {
  await zd.start();
  fillHelpDesk(zd);
  ws = await buildWorkspace(app());
  as = api(app(), ws.admin);
});
afterAll(async () => {
  await zd.close();
});

const count = async (table: typeof notifications | typeof emailOutbox | typeof aiDecisions) =>
  (await db().select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.workspaceId, ws.workspaceId)))[0]?.n;

describe("a Zendesk import", () => {
  let runId: string;
  let webhookId: string;

  it("imports users, organizations, groups, fields, tickets, macros and articles, skipping and reporting poison records", async () => {
    // Made by hand before moving: Zendesk's "Support" group becomes this team, not a second one.
    const support = await ws.run((ctx) => createTeam(ctx, { name: "support" }));
    webhookId = (
      await ws.run((ctx) =>
        createWebhook(ctx, {
          url: "http://127.0.0.1:9/hook",
          eventTypes: ["created", "message", "state", "tags", "assignee", "priority", "field"],
          secretSealed: app().services.secrets.seal("whsec"),
        }),
      )
    ).id;
    runId = await startZendeskImport(as, zd);
    const run = await waitForRun(as, runId);
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(run.stage).toBe("done");
    expect(run.total).toBe(6 + 5 + 3);
    expect(run.counts).toMatchObject({
      field: { created: 2, updated: 0, skipped: 0 },
      account: { created: 2, skipped: 1 },
      person: { created: 4, skipped: 1 },
      team: { created: 1, updated: 1, skipped: 1 },
      team_member: { created: 3, updated: 0, skipped: 1 },
      issue: { created: 3, skipped: 3 },
      macro: { created: 1, skipped: 1 },
      article: { created: 2, skipped: 0 },
      attachment: { skipped: 1 },
    });
    const skipped = await skippedOf(as, runId);
    const reasonOf = (object: string, id: string) =>
      skipped.find((s) => s.object === object && s.externalId === id)?.reason;
    expect(reasonOf("issue", "1003")).toMatch(/created_at/);
    expect(reasonOf("issue", "1004")).toMatch(/Requester 999 was not imported/);
    expect(reasonOf("issue", "1005")).toBe("deleted in Zendesk");
    expect(reasonOf("person", "202")).toMatch(/email/);
    expect(reasonOf("account", "12")).toMatch(/name/);
    expect(reasonOf("team", "62")).toBe("deleted in Zendesk");
    expect(reasonOf("team_member", "83")).toBe("Group 62 was not imported.");
    expect(reasonOf("macro", "41")).toMatch(/no reply text/);
    expect(reasonOf("attachment", "7002")).toMatch(/over the \d+ limit/);
    expect(skipped).toHaveLength(run.skipped);
    // A ticket's group is its issue's team.
    const teamOf = async (ticketId: number) =>
      (await as.get(`/issues/${await issueNumberOf(app(), ws.workspaceId, ticketId)}`)).json().team?.name ?? null;
    expect(await teamOf(1002)).toBe("Billing");
    expect(await teamOf(1001)).toBe("Support");
    expect(await teamOf(1000)).toBeNull();
    const teamRows = await db().select().from(teams).where(eq(teams.workspaceId, ws.workspaceId));
    expect(teamRows.map((t) => [t.name, t.description]).sort()).toEqual([
      ["Billing", "Invoices and refunds"],
      ["Support", ""],
    ]);
    expect(teamRows.find((t) => t.name === "Support")?.id).toBe(support.id);
    // Group memberships make the agents the teams' members.
    const agentIds = new Map(
      (await db().select().from(users).where(eq(users.workspaceId, ws.workspaceId))).map((u) => [u.id, u.email]),
    );
    const listed = (await as.get("/teams")).json().items as { name: string; members: { userId: string }[] }[];
    expect(listed.map((t) => [t.name, t.members.map((m) => agentIds.get(m.userId)).sort()]).sort()).toEqual([
      ["Billing", [AGENT.email]],
      ["Support", [AGENT.email, "bo@acme-help.example"]],
    ]);
  });

  it("pages through the incremental exports and the cursor-paginated lists", () => {
    const paths = zd.requests.map((r) => r.path);
    expect(paths.some((p) => p.startsWith("/api/v2/incremental/tickets/cursor.json?start_time=0"))).toBe(true);
    expect(paths.some((p) => p.startsWith("/api/v2/incremental/tickets/cursor.json?cursor="))).toBe(true);
    expect(paths.some((p) => p.startsWith("/api/v2/incremental/users/cursor.json?cursor="))).toBe(true);
    expect(paths.some((p) => /\/api\/v2\/tickets\/1002\/comments\.json\?page\[size\]=100&page\[after\]=/.test(p))).toBe(
      true,
    );
    expect(paths.some((p) => p.startsWith("/api/v2/organizations.json?page[size]=100&page[after]="))).toBe(true);
    expect(paths.some((p) => p.startsWith("/api/v2/groups.json?page[size]=100&page[after]="))).toBe(true);
  });

  it("keeps the ticket's history: times, authors, public replies and private notes, fields, tags and assignee", async () => {
    const number = await issueNumberOf(app(), ws.workspaceId, 1000);
    const issue = (await as.get(`/issues/${number}`)).json();
    expect(issue).toMatchObject({
      title: "My invoice is wrong",
      state: "on_you",
      priority: "medium",
      tags: ["billing", "vip"],
      customFields: { zendesk_31: "plan_pro", zendesk_32: true },
      createdAt: "2024-03-01T10:00:00.000Z",
    });
    const [agent] = await db()
      .select()
      .from(users)
      .where(and(eq(users.workspaceId, ws.workspaceId), eq(users.email, AGENT.email)));
    // Imported agents exist to own their history; they sign in once invited.
    expect(agent?.passwordHash).toBeNull();
    expect(issue.assignee?.id ?? issue.assigneeUserId).toBe(agent?.id);
    const messages = (await as.get(`/issues/${number}/messages`)).json().items as {
      visibility: string;
      authorType: string;
      author: { name: string; email?: string | null } | null;
      createdAt: string;
      deliveryStatus: string | null;
      attachments: { filename: string }[];
    }[];
    expect(messages.map((m) => [m.visibility, m.authorType, m.author?.name, m.createdAt])).toEqual([
      ["public", "contact", CUSTOMER.name, "2024-03-01T10:00:00.000Z"],
      ["internal", "user", AGENT.name, "2024-03-01T11:00:00.000Z"],
      ["public", "user", AGENT.name, "2024-03-01T12:00:00.000Z"],
      ["public", "contact", CUSTOMER.name, "2024-03-01T13:00:00.000Z"],
    ]);
    expect(messages[2]?.attachments.map((a) => a.filename)).toEqual(["invoice.png"]);
    expect(messages[3]?.attachments).toEqual([]);
    // Sent long ago in Zendesk: nothing is queued for delivery.
    expect(messages.every((m) => m.deliveryStatus === null || m.deliveryStatus === "sent")).toBe(true);
  });

  it("brings macros and articles into the macro list and the knowledge base", async () => {
    const macroRows = await db().select().from(macros).where(eq(macros.workspaceId, ws.workspaceId));
    expect(macroRows.map((m) => [m.name, m.body])).toEqual([["Refund issued", "We have refunded you."]]);
    const articles = await db().select().from(kbArticles).where(eq(kbArticles.workspaceId, ws.workspaceId));
    expect(articles.map((a) => [a.title, a.status]).sort()).toEqual([
      ["Resetting your password", "published"],
      ["Unfinished draft", "draft"],
    ]);
  });

  it("triggers nothing: no routing, notification, mail, delivery or webhook; analytics learns of it", async () => {
    expect(await count(notifications)).toBe(0);
    expect(await count(emailOutbox)).toBe(0);
    expect(await count(aiDecisions)).toBe(0);
    const { rows } = await app().services.database.query(
      "SELECT DISTINCT name FROM pgboss.job WHERE data->>'workspaceId' = $1",
      [ws.workspaceId],
    );
    const names = (rows as { name: string }[]).map((r) => r.name);
    expect(names.filter((n) => n !== "analytics.refresh" && n !== "import.run")).toEqual([]);
    const number = await issueNumberOf(app(), ws.workspaceId, 1000);
    const issue = (await as.get(`/issues/${number}`)).json();
    expect(issue.team).toBeNull();
    const imported = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(issueEvents)
      .where(and(eq(issueEvents.workspaceId, ws.workspaceId), eq(issueEvents.imported, true)));
    expect(imported[0]?.n).toBeGreaterThan(0);
    await dispatchWebhookEvents(app().services);
    const deliveries = () => db().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
    expect(await deliveries()).toEqual([]);
    // What happens after the import is news: an agent's change reaches the webhook.
    expect((await as.patch(`/issues/${number}`, { tags: ["billing"] })).statusCode).toBe(200);
    await dispatchWebhookEvents(app().services);
    expect((await deliveries()).map((d) => d.eventType)).toEqual(["tags"]);
    await vi.waitFor(
      async () => {
        const facts = await db()
          .select({ kind: metricFacts.kind })
          .from(metricFacts)
          .where(eq(metricFacts.workspaceId, ws.workspaceId));
        expect(facts.map((f) => f.kind)).toContain("first_response");
      },
      { timeout: 60_000, interval: 200 },
    );
  });

  it("a re-run under rate limiting updates what changed and duplicates nothing", async () => {
    const before = await countIssues(app(), ws.workspaceId);
    const ticket = zd.tickets.find((t) => t.id === 1000);
    if (ticket) ticket.subject = "My invoice is still wrong";
    // Renamed in Zendesk, and a ticket moved to the other group.
    const billing = zd.groups.find((g) => g.id === 60);
    if (billing) billing.name = "Billing & refunds";
    const moved = zd.tickets.find((t) => t.id === 1002);
    if (moved) moved.group_id = 61;
    const teamsBefore = await db().select().from(teams).where(eq(teams.workspaceId, ws.workspaceId));
    zd.comments.get("1000")?.push({
      id: 5005,
      type: "Comment",
      author_id: CUSTOMER.id,
      body: "Any news?",
      plain_body: "Any news?",
      public: true,
      created_at: "2024-03-03T09:00:00Z",
      attachments: [],
    });
    zd.rateLimitEvery = 6;
    zd.requests.length = 0;
    const rerun = await waitForRun(as, await startZendeskImport(as, zd));
    zd.rateLimitEvery = null;
    expect(rerun.status, rerun.error ?? "").toBe("succeeded");
    expect(rerun.counts.issue).toMatchObject({ created: 0, updated: 3 });
    expect(rerun.counts.person).toMatchObject({ created: 0, updated: 4 });
    expect(rerun.counts.team).toEqual({ created: 0, updated: 2, skipped: 1 });
    expect(rerun.counts.team_member).toEqual({ created: 0, updated: 3, skipped: 1 });
    expect(await countIssues(app(), ws.workspaceId)).toBe(before);
    const teamsAfter = await db().select().from(teams).where(eq(teams.workspaceId, ws.workspaceId));
    expect(teamsAfter.map((t) => t.id).sort()).toEqual(teamsBefore.map((t) => t.id).sort());
    expect(teamsAfter.map((t) => t.name).sort()).toEqual(["Billing & refunds", "Support"]);
    const movedIssue = (await as.get(`/issues/${await issueNumberOf(app(), ws.workspaceId, 1002)}`)).json();
    expect(movedIssue.team?.name).toBe("Support");
    const number = await issueNumberOf(app(), ws.workspaceId, 1000);
    expect((await as.get(`/issues/${number}`)).json().title).toBe("My invoice is still wrong");
    const messages = (await as.get(`/issues/${number}/messages`)).json().items as { bodyText: string }[];
    expect(messages.map((m) => m.bodyText).filter((b) => b === "Any news?")).toHaveLength(1);
    expect(messages).toHaveLength(5);
    // Every 429 was waited out: the same request came again no sooner than Retry-After said.
    const limited = zd.requests.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const hit of limited) {
      const retry = zd.requests.find((r) => r.path === hit.path && r.at >= hit.at && r.status !== 429);
      expect(retry, hit.path).toBeDefined();
      expect((retry?.at ?? 0) - hit.at).toBeGreaterThanOrEqual(zd.retryAfter * 1000 - 5);
    }
  });

  it("refuses an import by a member and validates the input", async () => {
    const bad = await as.post("/imports/zendesk", { subdomain: "acme", baseUrl: zd.url, token: "x" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    const missing = await as.get("/imports/00000000-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
  });
});

describe("an interrupted Zendesk import", () => {
  const zd2 = new ZendeskStandin();
  let ws2: TestWorkspace;
  let as2: ReturnType<typeof api>;

  beforeAll(async () => {
    await zd2.start();
    zd2.users.push({ ...CUSTOMER, organization_id: null });
    for (let i = 1; i <= 7; i++)
      zd2.tickets.push({
        id: 3000 + i,
        subject: `Question ${i}`,
        status: "open",
        requester_id: CUSTOMER.id,
        tags: [],
        custom_fields: [],
        created_at: `2024-05-0${i}T08:00:00Z`,
        updated_at: `2024-05-0${i}T09:00:00Z`,
      });
    ws2 = await buildWorkspace(app());
    as2 = api(app(), ws2.admin);
  });
  afterAll(async () => {
    await zd2.close();
  });

  it("stops at the failing page with the reason, then a new run continues from its cursor", async () => {
    zd2.failTicketPagesAfter = 2;
    const first = await waitForRun(as2, await startZendeskImport(as2, zd2));
    expect(first.status).toBe("failed");
    expect(first.error).toMatch(/Zendesk answered 500/);
    expect(first.stage).toBe("tickets");
    expect(await countIssues(app(), ws2.workspaceId)).toBe(4);

    // Resumed from the settings page: the failed run kept its sealed token, so none is asked for.
    expect(first.resumable).toBe(true);
    zd2.failTicketPagesAfter = null;
    zd2.requests.length = 0;
    const resumed = await as2.post(`/imports/${first.id}/resume`, {});
    expect(resumed.statusCode, resumed.body).toBe(201);
    const second = await waitForRun(as2, resumed.json().id as string);
    expect(second.status, second.error ?? "").toBe("succeeded");
    const ticketCalls = zd2.requests.filter((r) => r.path.startsWith("/api/v2/incremental/tickets/"));
    expect(ticketCalls[0]?.path).toMatch(/\?cursor=/);
    // Only what the first run had not reached; no stage before tickets was read again.
    expect(second.counts.issue).toEqual({ created: 3, updated: 0, skipped: 0 });
    expect(zd2.requests.some((r) => r.path.startsWith("/api/v2/incremental/users/"))).toBe(false);
    expect(await countIssues(app(), ws2.workspaceId)).toBe(7);
    expect(second.resumable).toBe(false);
    const again = await as2.post(`/imports/${second.id}/resume`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/Only a failed import/);
  });
});

describe("a page of tickets applied together", () => {
  const zd3 = new ZendeskStandin();
  const agent = { id: 110, name: "Cy Agent", email: "cy@other-help.example", role: "agent", organization_id: null };
  let ws3: TestWorkspace;
  let as3: ReturnType<typeof api>;
  const comment = (id: number, author: number, isPublic: boolean, at: string) => ({
    id,
    type: "Comment",
    author_id: author,
    body: `Comment ${id}`,
    plain_body: `Comment ${id}`,
    public: isPublic,
    created_at: at,
    attachments: [],
  });

  beforeAll(async () => {
    await zd3.start();
    zd3.pageSize = 100;
    zd3.users.push({ ...CUSTOMER, organization_id: null }, agent);
    zd3.groups.push({ id: 70, name: "Tier 2", description: "", default: false, deleted: false });
    zd3.ticketFields.push({
      id: 31,
      type: "tagger",
      title: "Plan",
      active: true,
      custom_field_options: [{ name: "Pro", value: "plan_pro" }],
    });
    const ticket = (id: number, extra: Record<string, unknown>) => ({
      id,
      subject: `Ticket ${id}`,
      status: "open",
      priority: "normal",
      requester_id: CUSTOMER.id,
      tags: ["imported"],
      custom_fields: [],
      created_at: "2024-06-01T08:00:00Z",
      updated_at: "2024-06-02T08:00:00Z",
      ...extra,
    });
    zd3.tickets.push(
      ticket(4001, { custom_fields: [{ id: 31, value: "plan_pro" }] }),
      // Poison inside the page: a value the field does not offer. Only this ticket is skipped.
      ticket(4002, { custom_fields: [{ id: 31, value: "plan_gold" }] }),
      ticket(4003, { status: "solved", assignee_id: agent.id, group_id: 70, updated_at: "2024-06-03T08:00:00Z" }),
    );
    zd3.comments.set("4001", [
      comment(6001, CUSTOMER.id, true, "2024-06-01T08:00:00Z"),
      comment(6002, agent.id, false, "2024-06-01T09:00:00Z"),
      comment(6003, agent.id, true, "2024-06-01T10:00:00Z"),
    ]);
    zd3.comments.set("4002", [comment(6004, CUSTOMER.id, true, "2024-06-01T08:00:00Z")]);
    zd3.comments.set("4003", [
      comment(6005, CUSTOMER.id, true, "2024-06-01T08:00:00Z"),
      comment(6006, agent.id, true, "2024-06-01T08:30:00Z"),
    ]);
    ws3 = await buildWorkspace(app());
    as3 = api(app(), ws3.admin);
  });
  afterAll(async () => {
    await zd3.close();
  });

  it("skips the poison ticket alone and keeps each ticket's history, state and assignee", async () => {
    const run = await waitForRun(as3, await startZendeskImport(as3, zd3));
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(run.counts.issue).toEqual({ created: 2, updated: 0, skipped: 1 });
    const skipped = await skippedOf(as3, run.id);
    expect(skipped.map((s) => [s.object, s.externalId])).toEqual([["issue", "4002"]]);
    expect(skipped[0]?.reason).toMatch(/Plan must be one of: plan_pro/);

    const first = (await as3.get(`/issues/${await issueNumberOf(app(), ws3.workspaceId, 4001)}`)).json();
    expect(first).toMatchObject({
      title: "Ticket 4001",
      // Zendesk's "open": waiting on the agents, whatever the last comment moved it to.
      state: "on_you",
      priority: "medium",
      tags: ["imported"],
      customFields: { zendesk_31: "plan_pro" },
      createdAt: "2024-06-01T08:00:00.000Z",
    });
    const thread = (await as3.get(`/issues/${first.number}/messages`)).json().items as {
      visibility: string;
      authorType: string;
      createdAt: string;
    }[];
    expect(thread.map((m) => [m.visibility, m.authorType, m.createdAt])).toEqual([
      ["public", "contact", "2024-06-01T08:00:00.000Z"],
      ["internal", "user", "2024-06-01T09:00:00.000Z"],
      ["public", "user", "2024-06-01T10:00:00.000Z"],
    ]);
    const [cy] = await db()
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, ws3.workspaceId), eq(users.email, agent.email)));
    const solvedNumber = await issueNumberOf(app(), ws3.workspaceId, 4003);
    const solved = (await as3.get(`/issues/${solvedNumber}`)).json();
    expect(solved.state).toBe("closed");
    expect(solved.team?.name).toBe("Tier 2");
    expect(solved.assignee?.id ?? solved.assigneeUserId).toBe(cy?.id);
    // The history's events carry the source's times: the close at the ticket's last update.
    const events = await db()
      .select({ type: issueEvents.type, createdAt: issueEvents.createdAt, imported: issueEvents.imported })
      .from(issueEvents)
      .where(and(eq(issueEvents.workspaceId, ws3.workspaceId), eq(issueEvents.issueId, solved.id)));
    expect(events.find((e) => e.type === "created")?.createdAt.toISOString()).toBe("2024-06-01T08:00:00.000Z");
    const state = events.filter((e) => e.type === "state").map((e) => e.createdAt.toISOString());
    expect(state).toContain("2024-06-03T08:00:00.000Z");
    expect(events.every((e) => e.imported)).toBe(true);
  });

  it("a re-run updates the tickets it applied together, and the poison one is still skipped", async () => {
    const before = await countIssues(app(), ws3.workspaceId);
    // Taken out of its group in Zendesk: the issue leaves the team.
    const ungrouped = zd3.tickets.find((t) => t.id === 4003);
    if (ungrouped) ungrouped.group_id = null;
    const rerun = await waitForRun(as3, await startZendeskImport(as3, zd3));
    expect(rerun.status, rerun.error ?? "").toBe("succeeded");
    expect(rerun.counts.issue).toEqual({ created: 0, updated: 2, skipped: 1 });
    expect(await countIssues(app(), ws3.workspaceId)).toBe(before);
    const number = await issueNumberOf(app(), ws3.workspaceId, 4001);
    expect((await as3.get(`/issues/${number}/messages`)).json().items).toHaveLength(3);
    const solved = (await as3.get(`/issues/${await issueNumberOf(app(), ws3.workspaceId, 4003)}`)).json();
    expect(solved.team).toBeNull();
  });
});
