// Inbound email over a real SMTP connection: mail → issue visible through the API.
import type { QuarantineEntry } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { api, logIn, unique } from "../harness";
import { buildMailWorkspace, issueTitled, type MailWorkspace, messagesOf, send, useEmailApp } from "./support";

const app = useEmailApp();
let ws: MailWorkspace;
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
});

describe("inbound email over SMTP", () => {
  it("opens an issue for a customer's first email, in the inbox's team (no trigger set one), with contact and account", async () => {
    const { app: t, smtp } = app();
    const customerDomain = `${unique("acme")}.test`;
    const account = await api(t, ws.admin).post("/accounts", { name: unique("Acme"), domains: [customerDomain] });
    expect(account.statusCode).toBe(201);
    const subject = unique("Export to CSV fails");

    const info = await send(smtp, {
      from: `Ann Lee <ann@${customerDomain}>`,
      to: ws.billing,
      subject,
      text: "Hi, the CSV export times out for our workspace.\n\nThanks,\nAnn",
    });
    expect(info.accepted).toEqual([ws.billing]);

    const [issue] = await issueTitled(t, ws, subject);
    expect(issue).toMatchObject({
      title: subject,
      state: "new",
      team: { id: ws.teams.billing },
      requester: { name: "Ann Lee", email: `ann@${customerDomain}` },
      account: { id: (account.json() as { id: string }).id },
      source: { inbox: ws.billing },
    });
    const [message] = await messagesOf(t, ws, issue?.number ?? 0);
    expect(message).toMatchObject({ authorType: "contact", bodyText: expect.stringContaining("CSV export times out") });
  });

  it("creates a contact without an account when the sender's domain is unknown", async () => {
    const { app: t, smtp } = app();
    const subject = unique("Question about SSO");
    await send(smtp, { from: `bob@${unique("nowhere")}.test`, to: ws.support, subject, text: "Do you support SAML?" });
    const [issue] = await issueTitled(t, ws, subject);
    expect(issue?.account).toBeNull();
    expect(issue?.requester?.email).toMatch(/^bob@/);
    expect(issue?.team?.id).toBe(ws.teams.support);
  });

  it("rejects mail for an unknown recipient at RCPT with 550", async () => {
    const { smtp } = app();
    const error = await send(smtp, {
      from: "someone@example.test",
      to: `nobody@${unique("nowhere")}.test`,
      subject: "hello",
      text: "hi",
    }).catch((e: { responseCode?: number; code?: string }) => e);
    expect(error).toMatchObject({ responseCode: 550 });
  });

  it("accepts a plus-addressed recipient of a known inbox", async () => {
    const { app: t, smtp } = app();
    const subject = unique("Plus addressed");
    const info = await send(smtp, {
      from: "carol@example.test",
      to: ws.support.replace("@", "+anything@"),
      subject,
      text: "hello",
    });
    expect(info.rejected).toEqual([]);
    expect(await issueTitled(t, ws, subject)).toHaveLength(1);
  });

  it("ingests the same Message-ID only once", async () => {
    const { app: t, smtp } = app();
    const subject = unique("Sent twice");
    const mail = {
      from: "dan@example.test",
      to: ws.support,
      subject,
      text: "once",
      messageId: `<${unique("dup")}@example.test>`,
    };
    await send(smtp, mail);
    await send(smtp, mail);
    const issues = await issueTitled(t, ws, subject);
    expect(issues).toHaveLength(1);
    expect(await messagesOf(t, ws, issues[0]?.number ?? 0)).toHaveLength(1);
  });

  it("dedupes a redelivered mail without Message-ID by a hash of its source", async () => {
    const { app: t, smtp } = app();
    const subject = unique("No message id");
    const raw = `From: erin@example.test\r\nTo: ${ws.support}\r\nSubject: ${subject}\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\nNo id here.\r\n`;
    const envelope = { from: "erin@example.test", to: [ws.support] };
    await send(smtp, { envelope, raw });
    await send(smtp, { envelope, raw });
    const issues = await issueTitled(t, ws, subject);
    expect(issues).toHaveLength(1);
    expect(await messagesOf(t, ws, issues[0]?.number ?? 0)).toHaveLength(1);
  });

  it("makes a colleague's mail to a customer, with the team address in cc, an issue for the customer", async () => {
    const { app: t, smtp } = app();
    const customer = `frank@${unique("globex")}.test`;
    const subject = unique("Your renewal");
    await send(smtp, {
      from: `Admin <admin@${ws.domain}>`,
      to: `Frank Customer <${customer}>`,
      cc: [ws.support, "cfo@globex-partner.test"],
      subject,
      text: "Hi Frank, following up on your renewal quote.",
    });
    const [issue] = await issueTitled(t, ws, subject);
    expect(issue?.requester).toMatchObject({ email: customer, name: "Frank Customer" });
    const [first] = await messagesOf(t, ws, issue?.number ?? 0);
    expect(first).toMatchObject({ authorType: "user", author: { name: "Admin" }, deliveryStatus: null });
    // Frank is the requester (the reply's To); the other person stays in Cc.
    expect(first).toMatchObject({ emailCc: ["cfo@globex-partner.test"] });
  });

  it("stores HTML sanitised: no scripts, handlers or remote trackers; quoted history marked", async () => {
    const { app: t, smtp } = app();
    const subject = unique("Html mail");
    await send(smtp, {
      from: "gina@example.test",
      to: ws.support,
      subject,
      html: `<p onclick="steal()">New text here</p><script>alert(1)</script><img src="https://tracker.test/p.gif" width="1">
        <div class="gmail_quote">On Mon, Bob wrote:<blockquote>old stuff</blockquote></div>`,
    });
    const [issue] = await issueTitled(t, ws, subject);
    const [message] = await messagesOf(t, ws, issue?.number ?? 0);
    expect(message?.bodyHtml).toContain("New text here");
    expect(message?.bodyHtml).not.toMatch(/script|onclick|tracker\.test/);
    expect(message?.bodyHtml).toContain("sb-quoted");
    expect(message?.bodyText).toContain("New text here");
    expect(message?.bodyText).not.toContain("old stuff");
  });

  it("separates quoted history and signature of a plain-text reply", async () => {
    const { app: t, smtp } = app();
    const subject = unique("Plain reply");
    await send(smtp, {
      from: "hank@example.test",
      to: ws.support,
      subject,
      text: "That worked, thanks!\n\n-- \nHank, ACME\n\nOn Tue, 3 Mar 2026 at 10:00, Support <support@x.test> wrote:\n> Try again now.\n",
    });
    const [issue] = await issueTitled(t, ws, subject);
    const [message] = await messagesOf(t, ws, issue?.number ?? 0);
    expect(message?.bodyText).toBe("That worked, thanks!");
    expect(message?.bodyHtml).toMatch(/class="sb-signature"[\s\S]*Hank, ACME/);
    expect(message?.bodyHtml).toMatch(/class="sb-quoted"[\s\S]*Try again now/);
  });

  it("lets admins manage inboxes and keeps members out", async () => {
    const { app: t } = app();
    const admin = api(t, ws.admin);
    const listed = await admin.get("/inboxes");
    expect((listed.json() as { items: { address: string }[] }).items.map((i) => i.address)).toEqual([
      ws.billing,
      ws.support,
    ]);
    const duplicate = await admin.post("/inboxes", { address: ws.support.toUpperCase() });
    expect(duplicate.statusCode).toBe(409);
    const created = await admin.post("/inboxes", { address: `sales@${ws.domain}` });
    const id = (created.json() as { id: string }).id;
    expect((await admin.patch(`/inboxes/${id}`, { teamId: ws.teams.support })).json()).toMatchObject({
      teamId: ws.teams.support,
    });
    expect((await admin.delete(`/inboxes/${id}`)).statusCode).toBe(200);

    const member = await admin.post("/users", {
      email: `member@${ws.domain}`,
      name: "Mia",
      role: "member",
      password: "password123",
    });
    expect(member.statusCode).toBe(201);
    const asMember = api(t, await logIn(t, `member@${ws.domain}`, "password123"));
    expect((await asMember.get("/inboxes")).statusCode).toBe(403);
    expect((await asMember.post("/inboxes", { address: `x@${ws.domain}` })).statusCode).toBe(403);
  });
});

describe("mail from our own domains", () => {
  const quarantined = async (sender: string) => {
    const items = (await api(app().app, ws.admin).get("/quarantine")).json().items as QuarantineEntry[];
    return items.find((q) => q.reason.includes(sender));
  };

  it("quarantines a colleague's mail with no customer on it, with the reason; a retry opens it as an issue anyway", async () => {
    const { app: t, smtp } = app();
    const sender = `${unique("finance")}@${ws.domain}`;
    const subject = unique("Team lunch on Friday");
    await send(smtp, { from: `Fin <${sender}>`, to: ws.support, subject, text: "Who is in?" });
    expect(await issueTitled(t, ws, subject)).toEqual([]);
    const entry = await quarantined(sender);
    expect(entry).toMatchObject({ status: "pending", channel: "email", meta: { kind: "internal" } });
    expect(entry?.reason).toContain(`Internal mail: ${sender} is at your own domain (${ws.domain})`);

    const retried = await api(t, ws.admin).post(`/quarantine/${entry?.id}/retry`);
    expect(retried.json()).toMatchObject({ outcomes: [{ kind: "ingested", createdIssue: true }] });
    const [issue] = await issueTitled(t, ws, subject);
    expect(issue).toMatchObject({ requester: { email: sender }, account: null });
  });

  it("quarantines a Switchboard user's mail at another domain too", async () => {
    const { app: t, smtp } = app();
    const email = `${unique("remote")}@gmail.example`;
    expect(
      (await api(t, ws.admin).post("/users", { email, name: "Remote", role: "member", password: "password123" }))
        .statusCode,
    ).toBe(201);
    const subject = unique("Note to self");
    await send(smtp, { from: email, to: ws.support, subject, text: "Remember the renewal." });
    expect(await issueTitled(t, ws, subject)).toEqual([]);
    expect((await quarantined(email))?.reason).toContain(`${email} is a Switchboard user of this workspace`);
  });

  it("opens the issue for the customer when a colleague forwards the customer's mail", async () => {
    const { app: t, smtp } = app();
    const customer = `${unique("ann")}@customer.example`;
    const subject = unique("Fwd: Export fails");
    await send(smtp, {
      from: `Admin <admin@${ws.domain}>`,
      to: ws.support,
      subject,
      text: `Can someone take this?\n\n---------- Forwarded message ---------\nFrom: Ann Lee <${customer}>\nSubject: Export fails\n\nThe CSV export times out.`,
    });
    const [issue] = await issueTitled(t, ws, subject);
    expect(issue?.requester).toMatchObject({ email: customer, name: "Ann Lee" });
    const [first] = await messagesOf(t, ws, issue?.number ?? 0);
    expect(first).toMatchObject({ authorType: "user", bodyText: expect.stringContaining("The CSV export times out.") });
  });

  it("never matches our own domains to a customer account; a colleague's reply joins the customer's thread", async () => {
    const { app: t, smtp } = app();
    const as = api(t, ws.admin);
    const refused = await as.post("/accounts", { name: unique("Us"), domains: [`eu.${ws.domain}`] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain("is your own company's domain");
    // An account claimed a domain before the workspace listed it as its own: the domain is ours now.
    const extra = `${unique("subsidiary")}.example`;
    expect((await as.post("/accounts", { name: unique("Subsidiary"), domains: [extra] })).statusCode).toBe(201);
    const current = (await as.get("/workspace")).json().domains as string[];
    expect((await as.patch("/workspace", { domains: [...current, extra] })).statusCode).toBe(200);

    const customer = `${unique("cy")}@customer.example`;
    const subject = unique("Renewal question");
    const root = `<${unique("root")}@customer.example>`;
    await send(smtp, { from: customer, to: ws.support, subject, text: "When is our renewal?", messageId: root });
    const colleague = `sam@${extra}`;
    await send(smtp, {
      from: `Sam <${colleague}>`,
      to: customer,
      cc: ws.support,
      subject: `Re: ${subject}`,
      text: "Looping in: it is in March.",
      inReplyTo: root,
      references: [root],
    });
    const [issue] = await issueTitled(t, ws, subject);
    const messages = await messagesOf(t, ws, issue?.number ?? 0);
    expect(messages.map((m) => m.author?.name)).toEqual([customer, "Sam"]);
    const contacts = (await as.get(`/contacts?q=${encodeURIComponent(colleague)}`)).json();
    expect(contacts.items?.[0]).toMatchObject({ email: colleague, accountId: null });
  });
});
