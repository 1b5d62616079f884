// A workspace shaped like the seed story: five teams, a sales rep who owns accounts, a
// Customer Success manager covering the Enterprise tier, the admin as every team's lead,
// and the demo's routing (two triggers, the Router with three runbooks).

import type { Agent, Decision, IssueEvent } from "@switchboard/api";
import { seedRouting } from "../../src/seed/routing";
import type { TestApp } from "../harness";
import { api, buildWorkspace, unique } from "../harness";

export type Api = ReturnType<typeof api>;

/** Each test builds a workspace and the Router trains its model on first use: seconds on a busy machine. */
export const SLOW = { timeout: 90_000 };

/** Waits until every job (routing, retraining, delivery) has run. */
export const settle = (app: TestApp) => app.services.jobs.idle(undefined, 60_000);

export async function routingWorkspace(app: TestApp) {
  const ws = await buildWorkspace(app);
  const as = api(app, ws.admin);
  const user = async (name: string) => {
    const res = await as.post("/users", {
      email: `${unique(name.split(" ")[0]?.toLowerCase() ?? "user")}@example.test`,
      name,
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  const sam = await user("Sam Sales");
  const casey = await user("Casey Success");
  const team = async (name: string, mode: "pooled" | "scoped") => {
    const res = await as.post("/teams", { name, mode, leadUserId: ws.adminId });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  const teams = {
    support: await team("Support", "pooled"),
    success: await team("Customer Success", "scoped"),
    migrations: await team("Migrations", "pooled"),
    sales: await team("Sales", "scoped"),
    billing: await team("Billing", "pooled"),
  };
  await as.put(`/teams/${teams.sales}/members/${sam}`, {});
  await as.put(`/teams/${teams.success}/members/${casey}`, { tiers: ["Enterprise"] });
  await ws.run((ctx) => seedRouting(ctx));

  const account = async (input: { type: string; tier?: string; ownerUserId?: string }) => {
    const res = await as.post("/accounts", { name: unique("Acme"), ...input });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  /** Opens an issue through the API and waits until routing has finished with it. */
  const open = async (title: string, body: string, accountId?: string) => {
    const res = await as.post("/issues", { title, body, accountId });
    if (res.statusCode !== 201) throw new Error(res.body);
    await settle(app);
    return res.json().number as number;
  };
  const issue = async (n: number) => (await as.get(`/issues/${n}`)).json();
  const decisions = async (n: number) => (await as.get(`/issues/${n}/decisions`)).json().items as Decision[];
  const events = async (n: number) => (await as.get(`/issues/${n}/events`)).json().items as Event[];
  const router = (await as.get("/ai-agents")).json().items[0] as Agent;
  return { ws, as, users: { sam, casey, admin: ws.adminId }, teams, router, account, open, issue, decisions, events };
}

export type { Decision };

export type Event = IssueEvent;

/** AI-supported text fields as an admin would describe them (the order number has an example shape). */
export const ORDER_FIELD = {
  object: "issue",
  key: "order",
  label: "Order number",
  type: "text",
  aiEnabled: true,
  description: "Order number: the customer's order or invoice id like INV-1234",
};

export const FEATURE_FIELD = {
  object: "issue",
  key: "feature",
  label: "Affected feature",
  type: "text",
  aiEnabled: true,
  description: "Which product area the customer is talking about, e.g. CSV export, SSO login, Slack integration.",
};
