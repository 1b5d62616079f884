// The demo workspace's configuration and directory: people and teams, custom fields and tags,
// accounts with CRM fields and contacts, saved views and macros — all through the commands.
import type { Condition, ConditionNode } from "@switchboard/api";
import type { Actor, CommandContext } from "../../commands/context";
import { createAccount, createContact } from "../../commands/customers";
import { createCustomField } from "../../commands/customFields";
import { createMacro } from "../../commands/macros";
import { createTag } from "../../commands/tags";
import { createTeam, createUser, setTeamMember } from "../../commands/team";
import { createView } from "../../commands/views";
import type { Role } from "../../domain/permissions";
import { contactsFor, DEMO_ACCOUNTS, type DemoAccount, domainOf, PRODUCTS } from "./accounts";
import { ACCOUNT_TIERS, DEMO_TEAMS, DEMO_USERS, type TeamName } from "./people";
import { CATEGORIES, PRODUCT_AREAS, type Priority } from "./templates";

export interface DemoPerson {
  id: string;
  name: string;
  role: Role;
}

export interface DemoDirectory {
  /** By user key; "admin" is the demo admin. */
  people: Map<string, DemoPerson>;
  teams: Map<TeamName, string>;
  /** Account id and contact ids by account slug. */
  accounts: Map<string, { id: string; contactIds: Map<string, string> }>;
}

export const actorOf = (person: DemoPerson): Actor => ({
  type: "user",
  userId: person.id,
  role: person.role,
  name: person.name,
});

export async function seedPeople(
  ctx: CommandContext,
  admin: DemoPerson,
  emailDomain: string,
  password: string,
): Promise<Pick<DemoDirectory, "people" | "teams">> {
  const people = new Map<string, DemoPerson>([["admin", admin]]);
  for (const u of DEMO_USERS) {
    const user = await createUser(ctx, {
      email: `${u.key}@${emailDomain}`,
      name: u.name,
      role: u.role,
      password: u.login ? password : undefined,
    });
    people.set(u.key, { id: user.id, name: user.name, role: u.role });
  }
  const teams = new Map<TeamName, string>();
  for (const t of DEMO_TEAMS) {
    const team = await createTeam(ctx, {
      name: t.name,
      mode: t.mode,
      leadUserId: people.get(t.lead)?.id ?? admin.id,
      description: t.description,
    });
    for (const m of t.members) await setTeamMember(ctx, team.id, need(people, m.user).id, { tiers: m.tiers });
    teams.set(t.name, team.id);
  }
  return { people, teams };
}

const TAG_COLORS: Record<string, string> = {
  "sync-failure": "#dc2626",
  incident: "#b91c1c",
  bug: "#ea580c",
  "feature-request": "#7c3aed",
  migration: "#0891b2",
  renewal: "#16a34a",
  security: "#4f46e5",
  "how-to": "#2563eb",
};

export async function seedFields(ctx: CommandContext, tags: readonly string[]): Promise<void> {
  for (const name of [...new Set(tags)].sort()) await createTag(ctx, { name, color: TAG_COLORS[name] });
  await createCustomField(ctx, {
    object: "issue",
    key: "category",
    label: "Category",
    type: "select",
    options: [...CATEGORIES],
    aiEnabled: true,
    description:
      "What the customer needs: How-to (using the product), Bug (something broken), Feature request, Onboarding, Commercials (renewal, pricing, add-ons), Migration (moving from previous tooling), Billing (invoices, payments), Pre-sales (prospects and trials).",
  });
  await createCustomField(ctx, {
    object: "issue",
    key: "product_area",
    label: "Product area",
    type: "select",
    options: [...PRODUCT_AREAS],
    aiEnabled: true,
    description:
      "The part of the product the issue is about: connectors and credentials, the sync engine (schedules, runs, row counts), transformations (SQL, dbt), reverse ETL, API and webhooks, SSO and permissions, the dashboard UI, account and billing.",
  });
  await createCustomField(ctx, { object: "issue", key: "linear_issue", label: "Linear issue", type: "url" });
  const crm = { object: "account" as const, source: "crm" as const };
  await createCustomField(ctx, {
    ...crm,
    key: "plan",
    label: "Plan",
    type: "select",
    options: ["Trial", "Starter", "Growth", "Business", "Enterprise"],
  });
  await createCustomField(ctx, { ...crm, key: "arr", label: "ARR (USD)", type: "number" });
  await createCustomField(ctx, { ...crm, key: "contract_value", label: "Total contract value (USD)", type: "number" });
  await createCustomField(ctx, {
    ...crm,
    key: "region",
    label: "Region",
    type: "select",
    options: ["NA", "EMEA", "APAC"],
  });
  await createCustomField(ctx, {
    ...crm,
    key: "products",
    label: "Products",
    type: "multiselect",
    options: [...PRODUCTS],
  });
  await createCustomField(ctx, { ...crm, key: "industry", label: "Industry", type: "text" });
}

export async function seedAccounts(
  ctx: CommandContext,
  people: DemoDirectory["people"],
  now: Date,
): Promise<DemoDirectory["accounts"]> {
  const accounts: DemoDirectory["accounts"] = new Map();
  for (const [index, a] of DEMO_ACCOUNTS.entries()) {
    const account = await createAccount(ctx, {
      name: a.name,
      domains: [domainOf(a)],
      type: a.type,
      ownerUserId: need(people, a.owner).id,
      tier: a.tier,
      crmId: `001DEMO${String(index + 1).padStart(8, "0")}`,
      customFields: crmFields(a),
      ...crmColumns(a, now),
    });
    const contactIds = new Map<string, string>();
    for (const c of contactsFor(a, index)) {
      const contact = await createContact(ctx, { ...c, accountId: account.id });
      contactIds.set(c.email, contact.id);
    }
    accounts.set(a.slug, { id: account.id, contactIds });
  }
  return accounts;
}

/** CRM-owned custom fields; the renewal date lives in the account's own column only (crmColumns). */
function crmFields(a: DemoAccount): Record<string, unknown> {
  return {
    region: a.region,
    industry: a.industry,
    ...(a.plan && { plan: a.plan }),
    ...(a.arr && { arr: a.arr, contract_value: a.arr * (a.tier === "Enterprise" ? 3 : a.tier === "SMB" ? 1 : 2) }),
    ...(a.products.length > 0 && { products: a.products }),
  };
}

/**
 * The account 360's header reads renewal, TCV and products from the account's own columns. The
 * renewal date is there and nowhere else (it was also a custom field: two dates that could differ).
 */
function crmColumns(a: DemoAccount, now: Date) {
  const fields = crmFields(a);
  const renewal = a.renewalInDays === null ? null : new Date(now.getTime() + a.renewalInDays * 86_400_000);
  return {
    renewalDate: renewal ? renewal.toISOString().slice(0, 10) : null,
    tcv: typeof fields.contract_value === "number" ? fields.contract_value : null,
    products: Array.isArray(fields.products) ? fields.products.map(String) : [],
  };
}

const open: Condition = { field: "issue.state", op: "not_in", value: ["closed"] };
const teamIs = (id: string): Condition => ({ field: "issue.team", op: "in", value: [id] });
const unassigned: Condition = { field: "issue.assignee", op: "in", value: ["none"] };

/** The seed story's views: one per team, "mine", the unassigned backstop, and per-member scopes. */
export async function seedViews(ctx: CommandContext, dir: Pick<DemoDirectory, "people" | "teams">): Promise<void> {
  const workspaceView = (name: string, filter: ConditionNode, layout: "list" | "kanban" = "list") =>
    createView(ctx, { name, ownerType: "workspace", filter, layout, sort: "priority" });
  await workspaceView("My issues", { all: [open, { field: "issue.assignee", op: "in", value: ["me"] }] }, "kanban");
  await workspaceView("Unassigned", { all: [open, unassigned] });
  await workspaceView("Urgent & high", {
    all: [open, { field: "issue.priority", op: "in", value: ["urgent", "high"] }],
  });
  await workspaceView("Waiting on customer > 3 days", {
    all: [
      { field: "issue.state", op: "in", value: ["on_customer"] },
      { field: "issue.updated_at", op: "older_than_days", value: 3 },
    ],
  });
  for (const [name, teamId] of dir.teams) {
    await createView(ctx, {
      name,
      ownerType: "team",
      ownerTeamId: teamId,
      filter: { all: [open, teamIs(teamId)] },
      layout: "kanban",
    });
  }
  for (const t of DEMO_TEAMS) {
    const teamId = need(dir.teams, t.name);
    // The lead is the backstop: everything of the team that nobody has picked up.
    await createView(ctx, {
      name: `${t.name}: unassigned (backstop)`,
      ownerType: "team",
      ownerTeamId: teamId,
      filter: { all: [open, teamIs(teamId), unassigned] },
    });
  }
  const sales = need(dir.teams, "Sales");
  await createView(ctx, {
    name: "Sales: my accounts",
    ownerType: "team",
    ownerTeamId: sales,
    filter: { all: [open, teamIs(sales), { field: "account.owner", op: "in", value: ["me"] }] },
    layout: "kanban",
  });
  const success = DEMO_TEAMS.find((t) => t.name === "Customer Success");
  for (const m of success?.members ?? []) {
    const person = need(dir.people, m.user);
    const tiers = m.tiers ?? [...ACCOUNT_TIERS];
    await createView(
      { ...ctx, actor: actorOf(person) },
      {
        name: `Customer Success: ${tiers.join(", ")} tier`,
        ownerType: "user",
        filter: {
          all: [open, teamIs(need(dir.teams, "Customer Success")), { field: "account.tier", op: "in", value: tiers }],
        },
        layout: "kanban",
      },
    );
  }
}

export async function seedMacros(ctx: CommandContext, teams: DemoDirectory["teams"]): Promise<void> {
  const macro = (
    name: string,
    body: string,
    extra: { team?: TeamName; internal?: boolean; actions?: MacroActionsInput } = {},
  ) =>
    createMacro(ctx, {
      name,
      body,
      teamId: extra.team ? need(teams, extra.team) : null,
      internal: extra.internal,
      actions: extra.actions,
    });
  await macro(
    "Meeting request: calendar link",
    "Hi {{contact.first_name}},\n\nHappy to find time! Grab any slot that works here: https://cal.demo.switchboard.test/{{agent.first_name}}\n\nTalk soon,\n{{agent.name}}",
    { team: "Customer Success", actions: { state: "on_customer" } },
  );
  await macro(
    "Add-on bundles overview",
    "Hi {{contact.first_name}},\n\nHere's how our add-ons work for {{account.name}}:\n\n- **Observability**: column-level lineage, freshness alerts, run analytics\n- **Reverse ETL**: sync warehouse models back to your CRM and support tools\n- **Private networking**: private link and dedicated egress IPs\n\nEach can be trialled for 30 days. Want me to enable one?\n\n{{agent.first_name}}",
    { team: "Customer Success" },
  );
  await macro(
    "Reconnect source credentials",
    "Hi {{contact.first_name}},\n\nThe source is rejecting our stored credentials. Please re-authorise it under Sources → Reconnect; your sync history and cursors are kept, so the next run only picks up the changes.\n\n{{agent.first_name}}",
    { team: "Support", actions: { addTags: ["sync-failure"], state: "on_customer" } },
  );
  await macro(
    "Ask for example record ids",
    "Hi {{contact.first_name}}, could you share two or three ids of records that are missing or wrong? With those I can trace exactly what each run did.",
    { team: "Support", actions: { state: "on_customer" } },
  );
  await macro(
    "Feature request logged",
    "Thanks {{contact.first_name}}! I've logged this as a feature request and linked your use case, so the product team sees it. We'll update you here when it's scheduled.",
    {
      actions: { addTags: ["feature-request"], state: "closed" },
    },
  );
  await macro("Hand over to Billing", "Moving this to Billing: invoice/payment question.", {
    internal: true,
    actions: { teamId: need(teams, "Billing") },
  });
  await macro(
    "Migration kick-off checklist",
    "Hi {{contact.first_name}},\n\nTo plan your migration we need:\n1. An export of your current jobs (name, source, destination, schedule)\n2. Credentials for each source, or an admin to connect them with us\n3. Your preferred cut-over window\n\nWe'll generate the connection configs for you to review before anything runs.\n\n{{agent.name}}",
    { team: "Migrations", actions: { addTags: ["migration"] } },
  );
  await macro(
    "Resolved: close",
    "Glad that's sorted, {{contact.first_name}}! I'll close this issue — just reply here if anything comes back.",
    {
      actions: { state: "closed" },
    },
  );
}

type MacroActionsInput = { state?: "on_customer" | "closed"; priority?: Priority; addTags?: string[]; teamId?: string };

export function need<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`demo seed: unknown ${String(key)}`);
  return value;
}
