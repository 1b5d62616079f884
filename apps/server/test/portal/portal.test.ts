// The customer portal through its public surface: login by one-time code or magic link (mailed
// over real SMTP to a sink; expiring, single-use, rate-limited, no account enumeration), ticket
// forms built by an admin and submitted by a customer (a clear 422 for a missing required field;
// a complete one opens a routed portal issue with its field values and defaults), who reads what
// (own issues; a portal admin their account's; internal notes never), replies both ways and CSAT.
import { randomUUID } from "node:crypto";
import type { Issue, Message, PortalThread } from "@switchboard/api";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { users } from "../../src/db/schema";
import { PDF, upload } from "../attachments/support";
import {
  buildMailWorkspace,
  eventually,
  type MailWorkspace,
  type Sink,
  send,
  startSink,
  useEmailApp,
} from "../email/support";
import { expectError } from "../foundation/support";
import { api, unique } from "../harness";
import { askForLogin, mailsTo, type PortalClient, portalClient, signInWithCode } from "./support";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});
const started = useEmailApp(() => ({ SMTP_URL: sink.url, PUBLIC_URL: "https://support.example.test" }));
const app = () => started().app;

let ws: MailWorkspace;
let acme: string;
let globex: string;
let formId: string;
const admin = () => api(app(), ws.admin);

async function created<T>(res: { statusCode: number; body: string; json(): unknown }): Promise<T> {
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as T;
}

async function contact(name: string, accountId: string, portalAdmin = false) {
  const email = `${unique(name.toLowerCase())}@customer.test`;
  const row = await created<{ id: string }>(await admin().post("/contacts", { name, email, accountId, portalAdmin }));
  return { id: row.id, email };
}

beforeAll(async () => {
  ws = await buildMailWorkspace(app());
  acme = (await created<{ id: string }>(await admin().post("/accounts", { name: unique("Acme") }))).id;
  globex = (await created<{ id: string }>(await admin().post("/accounts", { name: unique("Globex") }))).id;
  await created(
    await admin().post("/custom-fields", {
      object: "issue",
      key: "severity",
      label: "Severity",
      type: "select",
      options: ["Blocking", "Annoying"],
    }),
  );
  await created(
    await admin().post("/custom-fields", { object: "issue", key: "seats", label: "Seats", type: "number" }),
  );
  const form = await created<{ id: string }>(
    await admin().post("/portal/forms", {
      name: "Report a bug",
      description: "Something is broken",
      fields: [
        { type: "custom_field", key: "severity", required: true, helpText: "How bad is it?" },
        { type: "custom_field", key: "seats", required: false, helpText: "" },
        { type: "file", label: "Screenshot", required: false, helpText: "" },
      ],
      defaultTeamId: ws.teams.billing,
      defaultPriority: "high",
      defaultTags: ["portal-bug"],
    }),
  );
  formId = form.id;
});

const site = () => ws.domain;

async function submit(
  client: PortalClient,
  subject: string,
  fields: Record<string, unknown> = { severity: "Blocking" },
) {
  return client.post(`/forms/${formId}/submit`, {
    subject,
    description: `${subject}, details`,
    fields,
    clientId: randomUUID(),
  });
}

describe("login", () => {
  it("mails a code that signs in once, and answers an unknown address exactly like a known one", async () => {
    const alice = await contact("Alice", acme);
    const unknown = await app().http.inject({
      method: "POST",
      url: "/portal/api/login",
      payload: { email: "nobody@customer.test", site: site() },
    });
    const known = await askForLogin(app(), sink, site(), alice.email);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(JSON.stringify({ ok: true }));
    expect(mailsTo(sink, "nobody@customer.test")).toEqual([]);

    const wrong = known.code === "000000" ? "111111" : "000000";
    const payload = (code: string) => ({ email: alice.email, code, site: site() });
    const login = (code: string) =>
      app().http.inject({ method: "POST", url: "/portal/api/login/code", payload: payload(code) });
    expectError(await login(wrong), 401, "unauthenticated");
    const first = await login(known.code);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ name: "Alice", portalAdmin: false });
    const cookie = first.cookies.find((c) => c.name === "sb_portal");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/portal" });
    expectError(await login(known.code), 401, "unauthenticated");
    // The portal session is not an agent session, and an agent session is not a portal one.
    const me = await portalClient(app(), `sb_portal=${cookie?.value}`).get("/me");
    expect(me.statusCode).toBe(200);
    expectError(
      await app().http.inject({
        method: "GET",
        url: "/api/v1/issues",
        headers: { cookie: `sb_portal=${cookie?.value}` },
      }),
      401,
      "unauthenticated",
    );
    expectError(await portalClient(app(), ws.admin.cookie).get("/me"), 401, "unauthenticated");
  });

  it("signs in once with the magic link, and refuses a code or link after 15 minutes", async () => {
    const bob = await contact("Bob", acme);
    const mail = await askForLogin(app(), sink, site(), bob.email);
    expect(mail.text).toContain(`https://support.example.test/portal/${site()}/login?token=`);
    const byLink = () =>
      app().http.inject({ method: "POST", url: "/portal/api/login/link", payload: { token: mail.link } });
    expect((await byLink()).statusCode).toBe(200);
    expectError(await byLink(), 401, "unauthenticated");

    const late = await askForLogin(app(), sink, site(), bob.email);
    const services = app().services;
    const realNow = services.now;
    services.now = () => new Date(Date.now() + 16 * 60_000);
    try {
      const code = await app().http.inject({
        method: "POST",
        url: "/portal/api/login/code",
        payload: { email: bob.email, code: late.code, site: site() },
      });
      expectError(code, 401, "unauthenticated");
      expectError(
        await app().http.inject({ method: "POST", url: "/portal/api/login/link", payload: { token: late.link } }),
        401,
        "unauthenticated",
      );
    } finally {
      services.now = realNow;
    }
  });

  it("limits login requests per address", async () => {
    const email = `${unique("flood")}@customer.test`;
    const ask = () => app().http.inject({ method: "POST", url: "/portal/api/login", payload: { email, site: site() } });
    for (let i = 0; i < 5; i++) expect((await ask()).statusCode).toBe(202);
    expectError(await ask(), 429, "rate_limited");
  });
});

describe("ticket forms", () => {
  it("refuses a submission without a required field, naming it, and opens a routed portal issue when complete", async () => {
    const carol = await signInWithCode(app(), sink, site(), (await contact("Carol", acme)).email);
    const forms = (await carol.get("/forms")).json() as {
      items: { id: string; fields: { key: string; label: string; required: boolean }[] }[];
    };
    expect(forms.items.find((f) => f.id === formId)?.fields).toEqual([
      expect.objectContaining({ key: "severity", label: "Severity", required: true }),
      expect.objectContaining({ key: "seats", label: "Seats", required: false }),
      expect.objectContaining({ key: "file", label: "Screenshot", required: false }),
    ]);

    const incomplete = await submit(carol, "Export fails", {});
    expectError(incomplete, 422, "form_incomplete");
    expect(incomplete.json()).toMatchObject({
      error: {
        message: expect.stringContaining("Severity"),
        details: { fields: { severity: "Severity is required." } },
      },
    });

    const thread = await created<PortalThread>(
      await submit(carol, "Export fails", { severity: "Blocking", seats: 12 }),
    );
    expect(thread.issue).toMatchObject({ title: "Export fails", state: "open", mine: true });
    const { number } = thread.issue;
    const issue = await eventually(async () => {
      const res = (await admin().get(`/issues/${number}`)).json() as Issue;
      return res.team ? res : undefined;
    });
    expect(issue).toMatchObject({
      channel: "portal",
      account: expect.objectContaining({ id: acme }),
      priority: "high",
      tags: ["portal-bug"],
      team: expect.objectContaining({ id: ws.teams.billing }),
      customFields: { severity: "Blocking", seats: 12 },
    });
    expect(
      ((await carol.get("/issues")).json() as { items: { number: number }[] }).items.map((i) => i.number),
    ).toContain(number);
  });

  it("refuses a form field that is not an issue field of the catalog", async () => {
    const res = await admin().post("/portal/forms", {
      name: "Broken",
      fields: [{ type: "custom_field", key: "nope", required: true, helpText: "" }],
    });
    expectError(res, 400, "validation_failed");
  });
});

describe("what a customer reads", () => {
  let dana: PortalClient;
  let erin: PortalClient;
  let boss: PortalClient;
  let gus: PortalClient;
  let danaIssue: number;

  beforeAll(async () => {
    dana = await signInWithCode(app(), sink, site(), (await contact("Dana", acme)).email);
    erin = await signInWithCode(app(), sink, site(), (await contact("Erin", acme)).email);
    boss = await signInWithCode(app(), sink, site(), (await contact("Boss", acme, true)).email);
    gus = await signInWithCode(app(), sink, site(), (await contact("Gus", globex, true)).email);
    danaIssue = (await created<PortalThread>(await submit(dana, "Dana's invoices"))).issue.number;
  });

  it("shows a member their own issues, a portal admin the account's, and 404 to everyone else", async () => {
    expect((await dana.get(`/issues/${danaIssue}`)).statusCode).toBe(200);
    expectError(await erin.get(`/issues/${danaIssue}`), 404, "not_found");
    expectError(
      await erin.post(`/issues/${danaIssue}/messages`, { text: "mine?", clientId: randomUUID() }),
      404,
      "not_found",
    );
    expectError(await gus.get(`/issues/${danaIssue}`), 404, "not_found");
    expectError(await gus.post(`/issues/${danaIssue}/csat`, { score: 1 }), 404, "not_found");
    const numbers = async (client: PortalClient, scope: string) =>
      ((await client.get(`/issues?scope=${scope}`)).json() as { items: { number: number }[] }).items.map(
        (i) => i.number,
      );
    expect(await numbers(erin, "account")).not.toContain(danaIssue);
    expect(await numbers(gus, "account")).not.toContain(danaIssue);
    expect(await numbers(boss, "account")).toContain(danaIssue);
    expect(await numbers(boss, "mine")).not.toContain(danaIssue);
    const read = await boss.get(`/issues/${danaIssue}`);
    expect(read.statusCode).toBe(200);
    expect((read.json() as PortalThread).issue).toMatchObject({ mine: false, requesterName: "Dana" });
    // A portal admin flag is the agents' to set: the customer API has no way to change it.
    expect((await dana.get("/me")).json()).toMatchObject({ portalAdmin: false });
  });

  it("lets the customer download an agent's file from the thread, never a note's, and no one outside the issue", async () => {
    const number = (await created<PortalThread>(await submit(dana, "Dana's statement"))).issue.number;
    const statement = await upload(admin(), number, "statement.pdf", PDF);
    const ledger = await upload(admin(), number, "ledger.pdf", PDF);
    const unsent = await upload(admin(), number, "draft.pdf", PDF);
    await created(
      await admin().post(`/issues/${number}/messages`, {
        body: "Ledger attached",
        visibility: "internal",
        attachmentIds: [ledger.id],
      }),
    );
    await created(
      await admin().post(`/issues/${number}/messages`, { body: "Your statement.", attachmentIds: [statement.id] }),
    );
    const thread = await eventually(async () => {
      const t = (await dana.get(`/issues/${number}`)).json() as PortalThread;
      return t.messages.some((m) => m.from === "agent") ? t : undefined;
    });
    expect(thread.messages.flatMap((m) => m.attachments)).toEqual([
      { id: statement.id, filename: "statement.pdf", size: PDF.length },
    ]);

    const file = (client: PortalClient, id: string) => client.get(`/issues/${number}/attachments/${id}`);
    const download = await file(dana, statement.id);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect((await file(boss, statement.id)).statusCode).toBe(200); // the account's portal admin
    expectError(await file(dana, ledger.id), 404, "not_found"); // a note's file
    expectError(await file(dana, unsent.id), 404, "not_found"); // uploaded, never sent
    expectError(await file(erin, statement.id), 404, "not_found"); // a colleague, not portal admin
    expectError(await file(gus, statement.id), 404, "not_found"); // another account
    expectError(await dana.get(`/issues/${danaIssue}/attachments/${statement.id}`), 404, "not_found"); // wrong issue
  });

  it("never shows internal notes; agent replies arrive with a mail linking the issue; the customer's reply reaches the agents", async () => {
    await created(
      await admin().post(`/issues/${danaIssue}/messages`, {
        body: "Internal: refund is risky",
        visibility: "internal",
      }),
    );
    // The agent has a photo: the portal shows it by their reply (as the widget does).
    const photo = "https://cdn.example.test/admin.png";
    await app()
      .services.database.db.update(users)
      .set({ avatarUrl: photo })
      .where(and(eq(users.workspaceId, ws.workspaceId), eq(users.id, ws.adminId)));
    await created(await admin().post(`/issues/${danaIssue}/messages`, { body: "We fixed the invoices." }));
    const thread = await eventually(async () => {
      const t = (await dana.get(`/issues/${danaIssue}`)).json() as PortalThread;
      return t.messages.some((m) => m.from === "agent") ? t : undefined;
    });
    expect(JSON.stringify(thread)).not.toContain("refund is risky");
    expect(thread.messages.map((m) => m.text)).toEqual(["Dana's invoices, details", "We fixed the invoices."]);
    expect(thread.messages.map((m) => m.authorAvatarUrl)).toEqual([null, photo]);
    expect(thread.issue.state).toBe("waiting_on_you");

    const notice = await eventually(async () =>
      sink.received.find((m) => m.parsed.text?.includes(`/portal/${site()}/issues/${danaIssue}`)),
    );
    expect(notice.parsed.text).toContain("We fixed the invoices.");
    expect(notice.parsed.text).not.toContain("refund");

    await created(
      await dana.post(`/issues/${danaIssue}/messages`, { text: "Thanks, <b>works</b> now", clientId: randomUUID() }),
    );
    const messages = (await admin().get(`/issues/${danaIssue}/messages`)).json() as { items: Message[] };
    expect(messages.items.at(-1)).toMatchObject({ bodyText: "Thanks, <b>works</b> now", channel: "portal" });
    const issue = (await admin().get(`/issues/${danaIssue}`)).json() as Issue;
    expect(issue.state).toBe("on_you");
  });

  it("rates a resolved issue inline, once per resolution", async () => {
    expectError(await dana.post(`/issues/${danaIssue}/csat`, { score: 5 }), 409, "conflict");
    expect((await admin().patch(`/issues/${danaIssue}`, { state: "closed" })).statusCode).toBe(200);
    expect(((await dana.get(`/issues/${danaIssue}`)).json() as PortalThread).issue.state).toBe("resolved");
    for (const score of [4, 5]) expect((await dana.post(`/issues/${danaIssue}/csat`, { score })).statusCode).toBe(200);
    expect((await admin().get(`/issues/${danaIssue}/csat`)).json()).toMatchObject({ score: 5, channel: "portal" });
    expect(((await dana.get(`/issues/${danaIssue}`)).json() as PortalThread).issue.csat).toEqual({
      score: 5,
      comment: null,
    });
  });
});

describe("every channel's issues, live", () => {
  let hana: { id: string; email: string };
  let hanaPortal: PortalClient;
  let ivo: PortalClient;
  let lead: PortalClient;
  let globexLead: PortalClient;
  let mailed: number;

  beforeAll(async () => {
    hana = await contact("Hana", acme);
    hanaPortal = await signInWithCode(app(), sink, site(), hana.email);
    ivo = await signInWithCode(app(), sink, site(), (await contact("Ivo", acme)).email);
    lead = await signInWithCode(app(), sink, site(), (await contact("Lead", acme, true)).email);
    globexLead = await signInWithCode(app(), sink, site(), (await contact("Glead", globex, true)).email);
    const subject = unique("Mailed export question");
    await send(started().smtp, { from: hana.email, to: ws.support, subject, text: "Where is the export button?" });
    mailed = await eventually(async () => {
      const items = ((await hanaPortal.get("/issues")).json() as { items: { number: number; title: string }[] }).items;
      return items.find((i) => i.title === subject)?.number;
    });
  });

  it("lists a contact's email issue in the portal, for them and their portal admin only", async () => {
    const own = (await hanaPortal.get(`/issues/${mailed}`)).json() as PortalThread;
    expect(own.issue).toMatchObject({ channel: "email", mine: true });
    expect(own.messages.map((m) => m.text)).toEqual(["Where is the export button?"]);
    expectError(await ivo.get(`/issues/${mailed}`), 404, "not_found");
    expectError(await globexLead.get(`/issues/${mailed}`), 404, "not_found");
    expect((await lead.get(`/issues/${mailed}`)).statusCode).toBe(200);
  });

  it("a portal reply joins the email issue, and the agent's reply reaches the portal socket live", async () => {
    const base = await app().http.listen({ port: 0, host: "127.0.0.1" });
    const received: { kind: string; number?: number }[] = [];
    const socket = new WebSocket(`${base.replace("http", "ws")}/portal/ws`, { headers: { cookie: lead.cookie } });
    await new Promise<void>((resolve, reject) => {
      socket.on("message", (data) => {
        const message = JSON.parse(data.toString()) as { kind: string };
        received.push(message);
        if (message.kind === "hello") resolve();
      });
      socket.on("error", reject);
    });
    try {
      await created(
        await hanaPortal.post(`/issues/${mailed}/messages`, { text: "Found it in the menu?", clientId: randomUUID() }),
      );
      const messages = (await admin().get(`/issues/${mailed}/messages`)).json() as { items: Message[] };
      expect(messages.items.at(-1)).toMatchObject({ bodyText: "Found it in the menu?", channel: "portal" });
      const issues = (await admin().get(`/issues?q=${encodeURIComponent("export button")}`)).json() as {
        items: Issue[];
      };
      expect(issues.items.filter((i) => i.number === mailed)).toHaveLength(1);

      const heard = () => received.filter((m) => m.kind === "conversation" && m.number === mailed).length;
      const before = heard();
      await created(await admin().post(`/issues/${mailed}/messages`, { body: "Yes: top right." }));
      // The portal admin's socket hears of an issue of their account they did not ask.
      await eventually(async () => heard() > before);
      // The reply shows once sent (by email, this issue's channel).
      const thread = await eventually(async () => {
        const t = (await hanaPortal.get(`/issues/${mailed}`)).json() as PortalThread;
        return t.messages.some((m) => m.from === "agent") ? t : undefined;
      });
      expect(thread.messages.at(-1)).toMatchObject({ from: "agent", text: "Yes: top right." });
    } finally {
      socket.close();
    }
    const anonymous = new WebSocket(`${base.replace("http", "ws")}/portal/ws`);
    const code = await new Promise<number>((resolve) => anonymous.on("close", (c) => resolve(c)));
    expect(code).toBe(4401);
  });
});
