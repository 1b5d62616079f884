// The audit log through the API: each audited action leaves one entry with its actor, address,
// user agent and before/after (secrets redacted); only admins read it; filters, pages, the CSV
// export (itself audited) and the retention sweep.
import { describe, expect, it } from "vitest";
import { pruneAuditLog } from "../../src/commands/audit";
import { saveCrmConnection } from "../../src/commands/crm";
import { createInbox } from "../../src/commands/inboxes";
import { saveLinearConnection } from "../../src/commands/linear";
import { saveSlackConnection } from "../../src/commands/slack";
import { createWidget } from "../../src/commands/widget";
import { auditLog } from "../../src/db/schema";
import { HUBSPOT_DEFAULT_MAPPING } from "../../src/integrations/crm/hubspot";
import { addPerson, expectError } from "../foundation/support";
import { api, buildWorkspace, logIn, type TestWorkspace, unique, useTestApp } from "../harness";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

interface Entry {
  id: string;
  action: string;
  actorId: string | null;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

const UA = "AuditTest/1.0";

/** An API call as the admin with a recognisable user agent. */
function asAdmin(ws: TestWorkspace) {
  return (method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: unknown) =>
    app().http.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: ws.admin.cookie, "x-csrf-token": ws.admin.csrfToken, "user-agent": UA },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}

async function entries(ws: TestWorkspace, query = ""): Promise<Entry[]> {
  const res = await api(app(), ws.admin).get(`/audit-log${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

type Case = {
  action: string;
  act: (ws: TestWorkspace, call: ReturnType<typeof asAdmin>) => Promise<unknown>;
  expect: Partial<Entry>;
};

const CASES: [string, Case][] = [
  [
    "a workspace settings change",
    {
      action: "settings.changed",
      act: (_ws, call) => call("PATCH", "/workspace", { timeZone: "Europe/Berlin" }),
      expect: { targetType: "workspace", before: { timeZone: "UTC" }, after: { timeZone: "Europe/Berlin" } },
    },
  ],
  [
    "an outgoing email change, with the password redacted",
    {
      action: "settings.changed",
      act: (_ws, call) =>
        call("PUT", "/email/settings", { host: "smtp.example.test", port: 587, user: "u", password: "hunter22" }),
      expect: { targetType: "email_settings" },
    },
  ],
  [
    "a role change",
    {
      action: "user.changed",
      act: async (ws, call) => {
        const person = await addPerson(app(), ws, "member");
        return call("PATCH", `/users/${person.userId}`, { role: "viewer" });
      },
      expect: { targetType: "user", before: { role: "member" }, after: { role: "viewer" } },
    },
  ],
  [
    "an invitation",
    {
      action: "invitation.created",
      act: (_ws, call) => call("POST", "/invitations", { email: `${unique("new")}@example.test`, role: "admin" }),
      expect: { targetType: "invitation" },
    },
  ],
  [
    "an API token created",
    {
      action: "token.created",
      act: (_ws, call) => call("POST", "/api-tokens", { name: "CI" }),
      expect: { targetType: "api_token", after: { name: "CI" } },
    },
  ],
  [
    "an API token revoked",
    {
      action: "token.revoked",
      act: async (_ws, call) => {
        const token = (await call("POST", "/api-tokens", { name: "Old" })).json();
        return call("DELETE", `/api-tokens/${token.id}`);
      },
      expect: { targetType: "api_token", before: { name: "Old" } },
    },
  ],
  [
    "a webhook created",
    {
      action: "webhook.created",
      act: (_ws, call) => call("POST", "/webhooks", { url: "https://hooks.example.test/in", eventTypes: ["created"] }),
      expect: {
        targetType: "webhook",
        after: { url: "https://hooks.example.test/in", eventTypes: ["created"], description: null, enabled: true },
      },
    },
  ],
  [
    "a tag created",
    {
      action: "settings.changed",
      act: (_ws, call) => call("POST", "/tags", { name: "billing-audit" }),
      expect: { targetType: "tag", before: null, after: expect.objectContaining({ name: "billing-audit" }) },
    },
  ],
  [
    "a macro created",
    {
      action: "settings.changed",
      act: (_ws, call) => call("POST", "/macros", { name: "Refund", body: "We refunded you." }),
      expect: { targetType: "macro", before: null, after: expect.objectContaining({ name: "Refund" }) },
    },
  ],
  [
    "an inbox created",
    {
      action: "settings.changed",
      act: (_ws, call) => call("POST", "/inboxes", { address: `help-${unique("in")}@example.test` }),
      expect: { targetType: "inbox", before: null },
    },
  ],
  [
    "a team created",
    {
      action: "settings.changed",
      act: (_ws, call) => call("POST", "/teams", { name: "Escalations" }),
      expect: { targetType: "team", before: null, after: expect.objectContaining({ name: "Escalations" }) },
    },
  ],
  [
    "a portal form created",
    {
      action: "settings.changed",
      act: (_ws, call) => call("POST", "/portal/forms", { name: "Report a bug" }),
      expect: { targetType: "portal_form", before: null, after: expect.objectContaining({ name: "Report a bug" }) },
    },
  ],
  [
    "the Slack settings changed",
    {
      action: "settings.changed",
      act: async (ws, call) => {
        // Connected before (the connect call asks Slack): its secrets are stored, never shown.
        await ws.run((ctx) =>
          saveSlackConnection(ctx, {
            botTokenSealed: "hunter22",
            signingSecretSealed: "hunter22",
            sameSigningSecret: false,
            issueEmoji: "ticket",
          }),
        );
        return call("PATCH", "/slack/connection", { issueEmoji: "eyes" });
      },
      expect: {
        targetType: "slack_connection",
        before: expect.objectContaining({ issueEmoji: "ticket" }),
        after: expect.objectContaining({ issueEmoji: "eyes" }),
      },
    },
  ],
  [
    "the Linear settings changed",
    {
      action: "settings.changed",
      act: async (ws, call) => {
        await ws.run((ctx) =>
          saveLinearConnection(ctx, {
            apiKeySealed: "hunter22",
            webhookSecretSealed: "hunter22",
            apiUrl: null,
            organizationId: "org-1",
            organizationName: "Acme",
          }),
        );
        return call("PATCH", "/integrations/linear", { commentSync: true });
      },
      expect: {
        targetType: "linear_connection",
        before: expect.objectContaining({ commentSync: false }),
        after: expect.objectContaining({ commentSync: true }),
      },
    },
  ],
  [
    "a CRM disconnected",
    {
      action: "settings.changed",
      act: async (ws, call) => {
        await ws.run((ctx) =>
          saveCrmConnection(ctx, "hubspot", {
            authUrl: "https://api.hubapi.example",
            apiUrl: null,
            clientId: "client-1",
            clientSecretSealed: "hunter22",
            refreshTokenSealed: "hunter22",
            accessTokenSealed: "hunter22",
            defaultMapping: HUBSPOT_DEFAULT_MAPPING,
          }),
        );
        return call("DELETE", "/integrations/hubspot");
      },
      expect: {
        targetType: "crm_connection",
        targetId: "hubspot",
        before: expect.objectContaining({ clientId: "client-1", clientSecretSealed: "[redacted]" }),
        after: null,
      },
    },
  ],
  [
    "an inbox deleted",
    {
      action: "settings.changed",
      act: async (ws, call) => {
        const address = `gone-${unique("in")}@example.test`;
        const inbox = await ws.run((ctx) => createInbox(ctx, { address }));
        return call("DELETE", `/inboxes/${inbox.id}`);
      },
      expect: {
        targetType: "inbox",
        before: expect.objectContaining({ address: expect.stringMatching(/^gone-/) }),
        after: null,
      },
    },
  ],
  [
    "a widget created, its secret redacted",
    {
      action: "settings.changed",
      act: (_ws, call) => call("POST", "/widgets", { name: "Docs site", fallbackMinutes: 15 }),
      expect: {
        targetType: "widget",
        before: null,
        after: expect.objectContaining({ name: "Docs site", fallbackMinutes: 15, secretSealed: "[redacted]" }),
      },
    },
  ],
  [
    "a widget's secret rotated",
    {
      action: "settings.changed",
      act: async (ws, call) => {
        const widget = await ws.run((ctx) => createWidget(ctx, app().services.secrets, { name: "Rotating" }));
        return call("POST", `/widgets/${widget.id}/rotate`);
      },
      expect: {
        targetType: "widget",
        before: {
          secretSealed: "[redacted]",
          secretRotatedAt: expect.any(String),
          updatedAt: expect.any(String),
        },
        after: {
          secretSealed: "[redacted]",
          secretRotatedAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      },
    },
  ],
  [
    "a widget deleted",
    {
      action: "settings.changed",
      act: async (ws, call) => {
        const widget = await ws.run((ctx) => createWidget(ctx, app().services.secrets, { name: "Old site" }));
        return call("DELETE", `/widgets/${widget.id}`);
      },
      expect: {
        targetType: "widget",
        before: expect.objectContaining({
          name: "Old site",
          appId: expect.stringMatching(/^wid_/),
          fallbackMinutes: 10,
          secretSealed: "[redacted]",
        }),
        after: null,
      },
    },
  ],
  [
    "an import started",
    {
      action: "import",
      act: (_ws, call) =>
        call("POST", "/imports/csv", {
          kind: "accounts",
          fileName: "customers.csv",
          csv: "id,company\nA1,Umbrella\n",
          mapping: { externalId: "id", name: "company" },
        }),
      expect: {
        targetType: "import_run",
        before: null,
        after: {
          source: "csv",
          kind: "csv",
          object: "account",
          fileName: "customers.csv",
          mapping: { externalId: "id", name: "company" },
        },
      },
    },
  ],
  [
    "the retention changed",
    {
      action: "audit.retention_changed",
      act: (_ws, call) => call("PUT", "/audit-log/settings", { retentionDays: 90 }),
      expect: { before: { retentionDays: 365 }, after: { retentionDays: 90 } },
    },
  ],
];

describe("the audit log", () => {
  it.each(CASES)("records %s with actor, address and user agent", async (_name, c) => {
    const ws = await buildWorkspace(app());
    const res = (await c.act(ws, asAdmin(ws))) as { statusCode: number; body: string };
    expect(res.statusCode, res.body).toBeLessThan(300);
    const found = (await entries(ws, `?action=${c.action}`)).filter((e) => e.userAgent === UA);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ actorId: ws.adminId, actorName: "Admin", ip: "127.0.0.1", ...c.expect });
    expect(JSON.stringify(found[0])).not.toContain("hunter22");
  });

  it("records sign-ins, failed ones too, without the password", async () => {
    const name = unique("signin");
    const ws = await buildWorkspace(app(), name);
    const email = `admin@${name}.test`;
    const wrong = await app().http.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password: "not-the-password" },
      headers: { "user-agent": UA },
    });
    expect(wrong.statusCode).toBe(401);
    await logIn(app(), email, "password123");
    const failed = await entries(ws, "?action=login.failed");
    expect(failed).toMatchObject([{ actorId: ws.adminId, userAgent: UA, after: { email } }]);
    expect(JSON.stringify(failed)).not.toContain("not-the-password");
    // buildWorkspace signed in once, and once more here.
    expect(await entries(ws, "?action=login.succeeded")).toHaveLength(2);
  });

  it("is for admins only", async () => {
    const ws = await buildWorkspace(app());
    for (const role of ["viewer", "member"] as const) {
      const person = api(app(), await addPerson(app(), ws, role));
      expectError(await person.get("/audit-log"), 403, "forbidden");
      expectError(await person.get("/audit-log.csv"), 403, "forbidden");
      expectError(await person.put("/audit-log/settings", { retentionDays: 1 }), 403, "forbidden");
    }
  });

  it("filters by actor, action and dates, and pages newest first", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    for (const name of ["one", "two", "three"]) await as.post("/api-tokens", { name });
    const page1 = (await as.get("/audit-log?action=token.created&limit=2")).json();
    expect(page1.items.map((e: Entry) => e.after?.name)).toEqual(["three", "two"]);
    const page2 = (await as.get(`/audit-log?action=token.created&limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((e: Entry) => e.after?.name)).toEqual(["one"]);
    expect(page2.nextCursor).toBeNull();
    expect(await entries(ws, `?actorId=${ws.adminId}&action=token.created`)).toHaveLength(3);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await entries(ws, `?from=${encodeURIComponent(future)}`)).toEqual([]);
  });

  it("exports CSV, and records the export", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    await as.post("/api-tokens", { name: '=HYPERLINK("x")' });
    const res = await as.get("/audit-log.csv?action=token.created");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    const lines = res.body.trim().split("\r\n");
    expect(lines[0]).toBe(
      "time,action,actor_type,actor_id,actor_name,target_type,target_id,ip,user_agent,before,after",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("token.created");
    expect(await entries(ws, "?action=export")).toMatchObject([
      { targetType: "audit_log", after: { action: "token.created" } },
    ]);
  });

  it("records an analytics CSV export with its filters, also when a viewer takes it", async () => {
    const ws = await buildWorkspace(app());
    const viewer = await addPerson(app(), ws, "viewer");
    const res = await api(app(), viewer).get("/analytics/export.csv?metric=touches&group_by=channel");
    expect(res.statusCode, res.body).toBe(200);
    expect(await entries(ws, "?action=export")).toMatchObject([
      { targetType: "analytics", actorId: viewer.userId, after: { metric: "touches", group_by: "channel" } },
    ]);
  });

  it("deletes entries older than the workspace's retention", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    await as.put("/audit-log/settings", { retentionDays: 30 });
    await as.post("/api-tokens", { name: "recent" });
    const db = app().services.database.db;
    await db.insert(auditLog).values({
      workspaceId: ws.workspaceId,
      action: "token.created",
      actorType: "system",
      createdAt: new Date(Date.now() - 31 * 86_400_000),
    });
    expect((await entries(ws, "?action=token.created")).length).toBe(2);
    await pruneAuditLog(db);
    const left = await entries(ws, "?action=token.created");
    expect(left.map((e) => e.after?.name)).toEqual(["recent"]);
    expect((await as.get("/audit-log/settings")).json()).toEqual({ retentionDays: 30 });
  });
});
