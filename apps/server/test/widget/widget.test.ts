// The chat widget through its public surface: admins create widgets (secret shown once,
// rotatable); customers boot with a userHash; verified customers see their history, anonymous
// visitors never do, a forged hash is refused; conversations are widget issues with the contact
// by email and the account by domain; agent replies (never notes) reach the widget, live.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DEMO_APP_ID, ensureDemoWidget } from "../../src/channels/widget/demo";
import { users } from "../../src/db/schema";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, unique, useTestApp } from "../harness";
import { boot, createTestWidget, signed } from "./support";

const app = useTestApp();

async function world() {
  const name = unique("wid");
  const ws = await buildWorkspace(app(), name);
  const admin = api(app(), ws.admin);
  const account = await admin.post("/accounts", { name: "Globex", domains: [`globex-${name}.example`] });
  expect(account.statusCode, account.body).toBe(201);
  const widget = await createTestWidget(app(), ws);
  return {
    ws,
    admin,
    widget,
    domain: `${name}.test`,
    accountId: (account.json() as { id: string }).id,
    email: `ada@globex-${name}.example`,
  };
}

describe("widget settings", () => {
  it("shows the secret once, on creation and rotation; a rotated secret stops verifying", async () => {
    const { admin, widget, email } = await world();
    expect(widget.secret).toMatch(/^[0-9a-f]{64}$/);
    const listed = (await admin.get("/widgets")).json() as { items: Record<string, unknown>[] };
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).not.toHaveProperty("secret");
    expect(JSON.stringify(listed)).not.toContain(widget.secret);

    const rotated = await admin.post(`/widgets/${widget.id}/rotate`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const fresh = rotated.json() as { secret: string };
    expect(fresh.secret).not.toBe(widget.secret);
    const stale = await app().http.inject({
      method: "POST",
      url: "/widget/api/boot",
      payload: { appId: widget.appId, user: signed(widget, email) },
    });
    expectError(stale, 401, "invalid_signature");
    const client = await boot(app(), widget.appId, signed({ ...widget, secret: fresh.secret }, email));
    expect(client.verified).toBe(true);
  });

  it("lets only admins manage widgets", async () => {
    const { ws } = await world();
    const other = await buildWorkspace(app());
    const res = await api(app(), other.admin).get("/widgets");
    expect((res.json() as { items: unknown[] }).items).toHaveLength(0);
    expect(ws.workspaceId).not.toBe(other.workspaceId);
  });
});

describe("identity verification", () => {
  it("refuses a forged hash and an unknown app", async () => {
    const { widget, email } = await world();
    const forged = await app().http.inject({
      method: "POST",
      url: "/widget/api/boot",
      payload: { appId: widget.appId, user: { email, userHash: "ab".repeat(32) } },
    });
    expectError(forged, 401, "invalid_signature");
    const unknown = await app().http.inject({
      method: "POST",
      url: "/widget/api/boot",
      payload: { appId: "wid_nope" },
    });
    expectError(unknown, 404, "not_found");
    const noToken = await app().http.inject({ method: "GET", url: "/widget/api/conversations" });
    expectError(noToken, 401, "unauthenticated");
  });

  it("answers hostile input to the customer API with the one error shape, never a 5xx", async () => {
    const { widget, email } = await world();
    const customer = await boot(app(), widget.appId, signed(widget, email));
    const { conversation } = await customer.start("Hostile neighbours");
    const probes = [
      app().http.inject({
        method: "POST",
        url: "/widget/api/boot",
        payload: "{not json",
        headers: { "content-type": "application/json" },
      }),
      app().http.inject({ method: "POST", url: "/widget/api/boot", payload: { appId: "a\u0000b" } }),
      app().http.inject({
        method: "POST",
        url: "/widget/api/boot",
        payload: { appId: widget.appId, user: { userHash: "x" } },
      }),
      app().http.inject({
        method: "POST",
        url: "/widget/api/boot",
        payload: { appId: widget.appId, user: { email: 7 } },
      }),
      customer.post("/conversations", { text: "", clientId: "not-a-uuid" }),
      customer.post("/conversations", { text: "x".repeat(20_000), clientId: randomUUID() }),
      customer.post(`/conversations/${conversation.number}/messages`, { text: "\ud800", clientId: randomUUID() }),
      customer.get("/conversations/99999999999"),
      customer.get("/conversations/-1"),
      customer.post(`/conversations/${conversation.number}/csat`, { score: 11 }),
      customer.post(`/conversations/${conversation.number}/csat`, { score: 3, extra: true }),
    ];
    for (const res of await Promise.all(probes)) {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(Object.keys(res.json().error ?? {}).sort(), res.body).toEqual(expect.arrayContaining(["code", "message"]));
    }
  });

  it("opens a widget issue for the verified contact, on the account of their domain", async () => {
    const { admin, widget, email, accountId } = await world();
    const customer = await boot(app(), widget.appId, signed(widget, email, "Ada Lovelace"));
    const { conversation } = await customer.start("The export button does nothing");
    const issue = (await admin.get(`/issues/${conversation.number}`)).json() as Record<string, unknown>;
    expect(issue).toMatchObject({
      channel: "widget",
      title: "The export button does nothing",
      account: { id: accountId },
    });
    const messages = (await admin.get(`/issues/${conversation.number}/messages`)).json() as {
      items: { author: { name: string; email?: string } }[];
    };
    expect(messages.items[0]?.author).toMatchObject({ name: "Ada Lovelace" });
  });

  it("shows a verified customer their past conversations; an anonymous visitor with the same email sees none", async () => {
    const { widget, email } = await world();
    const first = await boot(app(), widget.appId, signed(widget, email));
    const { conversation } = await first.start("Where is my invoice?");

    const again = await boot(app(), widget.appId, signed(widget, email));
    const history = (await again.get("/conversations")).json() as { items: { number: number }[] };
    expect(history.items.map((c) => c.number)).toEqual([conversation.number]);

    const visitor = await boot(app(), widget.appId, { email, name: "Claims to be Ada" });
    expect(visitor.verified).toBe(false);
    expect(((await visitor.get("/conversations")).json() as { items: unknown[] }).items).toEqual([]);
    expectError(await visitor.get(`/conversations/${conversation.number}`), 404, "not_found");
    const intrude = await visitor.post(`/conversations/${conversation.number}/messages`, {
      text: "let me in",
      clientId: randomUUID(),
    });
    expectError(intrude, 404, "not_found");
    // The visitor's own conversation is theirs alone, even when it claims the verified email.
    const own = await visitor.start("Hello?");
    expect(own.conversation.number).not.toBe(conversation.number);
    const stillOne = (await again.get("/conversations")).json() as { items: { number: number }[] };
    expect(stillOne.items.map((c) => c.number)).toEqual([conversation.number]);
  });

  it("keeps each workspace's widget customers to their own workspace", async () => {
    const a = await world();
    const b = await world();
    const inA = await boot(app(), a.widget.appId, signed(a.widget, a.email));
    const { conversation } = await inA.start("Secret of workspace A");
    // Same email, signed for B's widget: B's session never reads A's issue of that number.
    const inB = await boot(app(), b.widget.appId, signed(b.widget, a.email));
    expect(((await inB.get("/conversations")).json() as { items: unknown[] }).items).toEqual([]);
    const probe = await inB.get(`/conversations/${conversation.number}`);
    expect(probe.statusCode).toBe(404);
    // A's secret does not sign for B's widget.
    const cross = await app().http.inject({
      method: "POST",
      url: "/widget/api/boot",
      payload: { appId: b.widget.appId, user: signed(a.widget, a.email) },
    });
    expectError(cross, 401, "invalid_signature");
  });
});

describe("the conversation", () => {
  it("shows agent replies with the agent's name, never internal notes, and counts unread until seen", async () => {
    const { admin, widget, email } = await world();
    const customer = await boot(app(), widget.appId, signed(widget, email));
    const { conversation } = await customer.start("Can I get SSO?");
    const n = conversation.number;
    expect(
      (await admin.post(`/issues/${n}/messages`, { body: "Escalate? <b>VIP</b>", visibility: "internal" })).statusCode,
    ).toBe(201);
    expect(
      (await admin.post(`/issues/${n}/messages`, { body: "<script>alert(1)</script> Yes, on Enterprise." })).statusCode,
    ).toBe(201);
    await app().services.jobs.idle(["message.deliver"], 30_000);

    const thread = (await customer.get(`/conversations/${n}`)).json() as {
      conversation: { unread: number; state: string };
      messages: { from: string; authorName: string; text: string }[];
    };
    expect(thread.messages.map((m) => [m.from, m.text])).toEqual([
      ["customer", "Can I get SSO?"],
      ["agent", "<script>alert(1)</script> Yes, on Enterprise."],
    ]);
    expect(thread.messages[1]?.authorName).toBe("Admin");
    expect(JSON.stringify(thread)).not.toContain("VIP");
    expect(thread.conversation.unread).toBe(1);
    expect((await customer.post(`/conversations/${n}/seen`)).statusCode).toBe(200);
    const seen = (await customer.get("/conversations")).json() as { items: { unread: number }[] };
    expect(seen.items[0]?.unread).toBe(0);
  });

  it("shows the agent's photo when they have one, and no photo (initials) when they have none", async () => {
    const { ws, admin, widget, email } = await world();
    const customer = await boot(app(), widget.appId, signed(widget, email));
    const { conversation } = await customer.start("Who is answering?");
    const n = conversation.number;
    const photo = "https://cdn.example.test/alex.png";
    await app()
      .services.database.db.update(users)
      .set({ avatarUrl: photo })
      .where(and(eq(users.workspaceId, ws.workspaceId), eq(users.id, ws.adminId)));
    expect((await admin.post(`/issues/${n}/messages`, { body: "Me, with a photo." })).statusCode).toBe(201);
    await app().services.jobs.idle(["message.deliver"], 30_000);
    const thread = (await customer.get(`/conversations/${n}`)).json() as {
      messages: { from: string; authorAvatarUrl: string | null }[];
    };
    expect(thread.messages.map((m) => [m.from, m.authorAvatarUrl])).toEqual([
      ["customer", null],
      ["agent", photo],
    ]);
  });

  it("stores a retried send once", async () => {
    const { admin, widget, email } = await world();
    const customer = await boot(app(), widget.appId, signed(widget, email));
    const { conversation } = await customer.start("First");
    const clientId = randomUUID();
    for (let i = 0; i < 2; i++) {
      const res = await customer.post(`/conversations/${conversation.number}/messages`, { text: "Again", clientId });
      expect(res.statusCode, res.body).toBe(201);
    }
    const messages = (await admin.get(`/issues/${conversation.number}/messages`)).json() as { items: unknown[] };
    expect(messages.items).toHaveLength(2);
  });

  it("tells the customer's socket that their conversation changed when an agent replies, nothing else", async () => {
    const { admin, widget, email } = await world();
    const customer = await boot(app(), widget.appId, signed(widget, email));
    const { conversation } = await customer.start("Live?");
    const other = await boot(app(), widget.appId, signed(widget, `other-${email}`));
    await other.start("Not yours");

    const base = await app().http.listen({ port: 0, host: "127.0.0.1" });
    const received: unknown[] = [];
    const socket = new WebSocket(`${base.replace("http", "ws")}/widget/ws?token=${customer.token}`);
    await new Promise<void>((resolve, reject) => {
      socket.on("message", (data) => {
        const message = JSON.parse(data.toString()) as { kind: string };
        received.push(message);
        if (message.kind === "hello") resolve();
      });
      socket.on("error", reject);
    });
    const otherNumber = ((await other.get("/conversations")).json() as { items: { number: number }[] }).items[0]
      ?.number;
    await admin.post(`/issues/${otherNumber}/messages`, { body: "For the other customer" });
    await admin.post(`/issues/${conversation.number}/messages`, { body: "Yes, live." });
    await new Promise<void>((resolve) => {
      const check = () =>
        received.some(
          (m) => JSON.stringify(m) === JSON.stringify({ kind: "conversation", number: conversation.number }),
        )
          ? resolve()
          : setTimeout(check, 50);
      check();
    });
    expect(received).not.toContainEqual({ kind: "conversation", number: otherNumber });
    socket.close();
    const closed = new WebSocket(`${base.replace("http", "ws")}/widget/ws?token=forged`);
    const code = await new Promise<number>((resolve) => closed.on("close", (c) => resolve(c)));
    expect(code).toBe(4401);
  });

  it("serves the demo host page: the demo workspace's widget, signed for one of its customers", async () => {
    const { widget, email, domain } = await world();
    await (await boot(app(), widget.appId, signed(widget, email, "Ada Lovelace"))).start("Hello from the demo");
    await ensureDemoWidget(app().services, domain);
    const page = await app().http.inject({ method: "GET", url: "/widget/demo" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<script src="/widget/widget.js" async></script>');
    const bootJson = /Switchboard\("boot", (\{.*\})\);/.exec(page.body)?.[1] ?? "{}";
    const demo = JSON.parse(bootJson) as { appId: string; user: Record<string, unknown> };
    expect(demo).toMatchObject({ appId: DEMO_APP_ID, user: { email, name: "Ada Lovelace" } });
    const customer = await boot(app(), demo.appId, demo.user);
    expect(customer.verified).toBe(true);
    expect(((await customer.get("/conversations")).json() as { items: unknown[] }).items).toHaveLength(1);
  });
});
