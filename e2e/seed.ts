// A small support desk for the browser tests, built the way production data is: customers
// write in (ingestInbound), everything else goes through the public API as the admin.

import { ingestInbound } from "../apps/server/src/commands/inbound";
import { api, type TestApp, type TestWorkspace } from "../apps/server/test/harness";

export interface Desk {
  dana: { id: string; email: string };
  supportTeamId: string;
  successTeamId: string;
  acmeId: string;
  macroId: string;
  queueViewId: string;
  issues: Record<"sso" | "export" | "invoice" | "trial" | "webhook", number>;
}

const DAY = 86_400_000;

async function json<T>(response: Promise<{ statusCode: number; body: string }>): Promise<T> {
  const res = await response;
  if (res.statusCode >= 300) throw new Error(`seed request failed (${res.statusCode}): ${res.body}`);
  return JSON.parse(res.body) as T;
}

export async function seedDesk(app: TestApp, ws: TestWorkspace, domain: string): Promise<Desk> {
  const as = api(app, ws.admin);
  const post = <T>(url: string, body: unknown) => json<T & { id: string }>(as.post(url, body));
  const dana = await post<{ email: string }>("/users", {
    email: `dana@${domain}`,
    name: "Dana Kim",
    password: "password123",
  });
  await post("/users", { email: `sam@${domain}`, name: "Sam Lee", password: "password123" });
  const support = await post("/teams", { name: "Support", mode: "pooled" });
  const success = await post("/teams", { name: "Customer Success", mode: "scoped" });
  await post("/custom-fields", {
    object: "issue",
    key: "category",
    label: "Category",
    type: "select",
    options: ["Bug", "Question", "Billing"],
    requiredOnClose: true,
  });
  await post("/custom-fields", {
    object: "account",
    key: "renewal_date",
    label: "Renewal date",
    type: "date",
    source: "crm",
  });
  await post("/custom-fields", { object: "account", key: "tcv", label: "TCV", type: "number", source: "crm" });
  const acme = await post("/accounts", {
    name: "Acme Corp",
    domains: ["acme.test"],
    type: "customer",
    tier: "Enterprise",
    ownerUserId: dana.id,
    customFields: { renewal_date: "2026-03-31", tcv: 120000 },
  });
  await post("/accounts", { name: "Globex", domains: ["globex.test"], type: "trial", tier: "Startup" });
  await post("/tags", { name: "sso" });
  const macro = await post("/macros", {
    name: "Send Calendly link",
    body: "Hi {{contact.first_name}}, happy to walk you through it — book a time here: https://cal.example/{{agent.first_name}}",
    actions: { state: "on_customer" },
  });

  const write = async (key: string, from: string, name: string, subject: string, text: string, ageDays: number) => {
    const result = await ws.run((ctx) =>
      ingestInbound(ctx, {
        workspaceId: ws.workspaceId,
        channel: "email",
        threadKey: `<${key}@mail.test>`,
        externalId: `<${key}@mail.test>`,
        author: { email: from, name },
        subject,
        text,
        sentAt: new Date(Date.now() - ageDays * DAY),
        source: { inbox: `support@${domain}` },
      }),
    );
    return result.issue.number;
  };
  const issues = {
    sso: await write(
      "sso",
      "jane@acme.test",
      "Jane Doe",
      "SSO login loops back to the sign-in page",
      "Since this morning our team cannot log in with Okta SSO.\nIt redirects back to the login page.",
      0.2,
    ),
    export: await write(
      "export",
      "omar@acme.test",
      "Omar Haddad",
      "CSV export is missing the tags column",
      "The weekly export no longer has tags.",
      1.5,
    ),
    invoice: await write(
      "invoice",
      "li@acme.test",
      "Li Wei",
      "Invoice shows the wrong billing address",
      "Please fix the address on invoice 2024-118.",
      3,
    ),
    trial: await write(
      "trial",
      "maria@globex.test",
      "Maria Rossi",
      "Can we extend our trial by two weeks?",
      "We need a bit more time to evaluate.",
      0.5,
    ),
    webhook: await write(
      "webhook",
      "ken@globex.test",
      "Ken Ito",
      "Webhook retries are hammering our endpoint",
      "We get the same event 20 times.",
      2,
    ),
  };
  const patch = (n: number, body: unknown) => json(as.patch(`/issues/${n}`, body));
  await patch(issues.sso, { priority: "urgent", teamId: support.id });
  await patch(issues.export, { priority: "medium", teamId: support.id, state: "on_you" });
  await patch(issues.invoice, { priority: "low", teamId: support.id, state: "on_hold" });
  await patch(issues.trial, { priority: "high", teamId: support.id });
  await patch(issues.webhook, { priority: "high", teamId: support.id, state: "on_you", assigneeUserId: dana.id });

  const queue = await post("/views", {
    name: "Support queue",
    ownerType: "workspace",
    layout: "list",
    sort: "priority",
    filter: { match: "all", conditions: [{ field: "team", op: "in", values: [support.id] }] },
  });
  await post("/views", {
    name: "Assigned to me",
    ownerType: "user",
    layout: "list",
    filter: { match: "all", conditions: [{ field: "assignee", op: "in", values: ["me"] }] },
  });
  return {
    dana: { id: dana.id, email: dana.email },
    supportTeamId: support.id,
    successTeamId: success.id,
    acmeId: acme.id,
    macroId: macro.id,
    queueViewId: queue.id,
    issues,
  };
}
