import type { Issue, Items, Message, Page, Team, User } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN, ensureDemoWorkspace } from "../../src/seed/demo";
import { api, logIn, type Session, useTestApp } from "../harness";

const app = useTestApp();
let admin: Session;

type IssueItem = Issue;

async function allPages<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await api(app(), admin).get(
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(res.statusCode).toBe(200);
    const page = res.json() as Page<T>;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe("the demo workspace", () => {
  beforeAll(async () => {
    expect(await ensureDemoWorkspace(app().services)).toBe(true);
    admin = await logIn(app(), DEMO_ADMIN.email, DEMO_ADMIN.password);
  }, 600_000);

  it("lets the demo admin and a demo agent log in", async () => {
    const me = await api(app(), admin).get("/auth/me");
    expect(me.statusCode).toBe(200);
    await expect(logIn(app(), "marcus@demo.switchboard.test", DEMO_ADMIN.password)).resolves.toBeTruthy();
  });

  it("has the five teams of the seed story, pooled or scoped, each with a lead", async () => {
    const res = await api(app(), admin).get("/teams");
    const teams = (res.json() as Items<Team>).items;
    const modes = Object.fromEntries(teams.map((t) => [t.name, t.mode]));
    expect(modes).toEqual({
      Support: "pooled",
      "Customer Success": "scoped",
      Migrations: "pooled",
      Sales: "scoped",
      Billing: "pooled",
    });
    expect(teams.every((t) => t.leadUserId)).toBe(true);
    const users = (await api(app(), admin).get("/users")).json() as Items<User>;
    expect(users.items.length).toBeGreaterThanOrEqual(11);
    expect(new Set(users.items.map((u) => u.role))).toEqual(new Set(["admin", "member", "viewer"]));
  });

  it("stores its views in the one condition language, and each view lists its issues", async () => {
    const as = api(app(), admin);
    const views = (await as.get("/views")).json().items as { id: string; name: string; filter: object }[];
    expect(views.length).toBeGreaterThan(5);
    for (const view of views) {
      expect("all" in view.filter || "any" in view.filter, view.name).toBe(true);
      expect((await as.get(`/views/${view.id}/issues?limit=1`)).statusCode, view.name).toBe(200);
    }
  });

  it("has at least 30 accounts of every type, with owners, tiers and CRM fields", async () => {
    const accounts = await allPages<{
      type: string;
      ownerUserId: string | null;
      tier: string | null;
      customFields: Record<string, unknown>;
      renewalDate: string | null;
    }>("/accounts");
    expect(accounts.length).toBeGreaterThanOrEqual(30);
    for (const type of ["prospect", "trial", "customer"]) expect(accounts.some((a) => a.type === type)).toBe(true);
    expect(accounts.every((a) => a.ownerUserId && a.tier)).toBe(true);
    expect(accounts.filter((a) => a.type === "customer").every((a) => a.renewalDate && a.customFields.arr)).toBe(true);
    // One renewal date per account: the column, not also a custom field that could disagree with it.
    expect(accounts.some((a) => "renewal_date" in a.customFields)).toBe(false);
  });

  it("has a few hundred issues in every state and channel, spread over two months", async () => {
    const issues = await allPages<IssueItem>("/issues");
    expect(issues.length).toBeGreaterThanOrEqual(250);
    for (const state of ["new", "on_you", "on_customer", "on_hold", "closed"]) {
      expect(issues.filter((i) => i.state === state).length, state).toBeGreaterThan(0);
    }
    expect(new Set(issues.map((i) => i.channel))).toEqual(new Set(["slack", "email", "widget", "portal"]));
    const ages = issues.map((i) => (Date.now() - Date.parse(i.createdAt)) / 86_400_000);
    expect(Math.max(...ages)).toBeGreaterThan(45);
    expect(Math.min(...ages)).toBeLessThan(1);
    expect(issues.filter((i) => i.state !== "new").every((i) => i.firstResponseAt)).toBe(true);
  });

  it("has conversations: customer messages, agent replies and internal notes, in time order", async () => {
    const closed = await allPages<IssueItem>("/issues?state=closed");
    const res = await api(app(), admin).get(`/issues/${closed[0]?.number}/messages`);
    const messages = (res.json() as Items<Message>).items;
    expect(messages.length).toBeGreaterThanOrEqual(2);
    const times = messages.map((m) => Date.parse(m.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("has the seed story's five internal Slack channels, each saying when to use it", async () => {
    const res = await api(app(), admin).get("/internal-channels");
    const channels = res.json().items as { name: string; purpose: string | null }[];
    expect(channels.map((c) => c.name).sort()).toEqual([
      "bugs-daily",
      "design-nit",
      "product-feedback",
      "product-questions",
      "security-helpdesk",
    ]);
    expect(channels.every((c) => (c.purpose ?? "").length > 0)).toBe(true);
  });

  it("is created once: seeding again changes nothing", async () => {
    const before = (await allPages<IssueItem>("/issues")).length;
    expect(await ensureDemoWorkspace(app().services)).toBe(false);
    expect((await allPages<IssueItem>("/issues")).length).toBe(before);
    expect(((await api(app(), admin).get("/teams")).json() as Items<Team>).items).toHaveLength(5);
  });
});
