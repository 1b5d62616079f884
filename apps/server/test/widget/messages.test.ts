// The customer's own messages in the widget, over HTTP: they correct a recent message (the agent
// sees the new text marked edited, the event log keeps the old one), but not an agent's reply,
// not another customer's, not after the window; they attach files within the limits, which the
// agent sees and downloads; agents' files reach the widget, a note's never do.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { WIDGET_EDIT_MINUTES } from "../../src/domain/widget";
import { upload } from "../attachments/support";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, unique, useTestApp } from "../harness";
import { boot, createTestWidget, signed, type WidgetClient } from "./support";

const app = useTestApp();
afterEach(() => {
  app().services.now = undefined;
});

interface Thread {
  messages: {
    id: string;
    from: string;
    text: string;
    editedAt: string | null;
    editableUntil: string | null;
    attachments: { id: string; filename: string; contentType: string; size: number }[];
  }[];
}
interface AgentMessage {
  id: string;
  bodyText: string;
  visibility: string;
  editedAt: string | null;
  attachments: { id: string; filename: string; contentType: string }[];
}

async function world() {
  const name = unique("wmsg");
  const ws = await buildWorkspace(app(), name);
  const widget = await createTestWidget(app(), ws);
  const customer = await boot(app(), widget.appId, signed(widget, `ada@${name}.example`, "Ada"));
  const { conversation } = await customer.start("My invoice is wrong");
  const other = await boot(app(), widget.appId, signed(widget, `bo@${name}.example`, "Bo"));
  const others = (await other.start("Bo's question")).conversation.number;
  return { ws, admin: api(app(), ws.admin), customer, other, number: conversation.number, others };
}

const thread = async (client: WidgetClient, n: number) => (await client.get(`/conversations/${n}`)).json() as Thread;
const patch = (client: WidgetClient, url: string, payload: unknown) =>
  app().http.inject({
    method: "PATCH",
    url: `/widget/api${url}`,
    headers: { "x-widget-token": client.token },
    payload: payload as object,
  });
const agentMessages = async (admin: ReturnType<typeof api>, n: number) =>
  ((await admin.get(`/issues/${n}/messages`)).json() as { items: AgentMessage[] }).items;

// A 1×1 PNG (its magic number is what the server goes by).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const file = (filename: string, contentType: string, content: Buffer) => ({
  filename,
  contentType,
  data: content.toString("base64"),
});

describe("editing in the widget", () => {
  it("replaces the customer's own message, marks it edited for the agent and records the old text", async () => {
    const { admin, customer, number } = await world();
    const [mine] = (await thread(customer, number)).messages;
    expect(mine?.editableUntil).not.toBeNull();
    const res = await patch(customer, `/conversations/${number}/messages/${mine?.id}`, {
      text: "My invoice #42 is wrong",
    });
    expect(res.statusCode, res.body).toBe(200);
    const edited = (res.json() as Thread).messages[0];
    expect(edited).toMatchObject({ id: mine?.id, text: "My invoice #42 is wrong" });
    expect(edited?.editedAt).not.toBeNull();

    const [seen] = await agentMessages(admin, number);
    expect(seen).toMatchObject({ bodyText: "My invoice #42 is wrong" });
    expect(seen?.editedAt).not.toBeNull();
    const events = (await admin.get(`/issues/${number}/events`)).json() as {
      items: { type: string; actorType: string; data: Record<string, unknown> }[];
    };
    expect(events.items.find((e) => e.type === "message_edited")).toMatchObject({
      actorType: "contact",
      data: { messageId: mine?.id, previousText: "My invoice is wrong", text: "My invoice #42 is wrong" },
    });
  });

  it("refuses an agent's reply, a note, another customer's message, empty text and a message past the window", async () => {
    const { admin, customer, other, number, others } = await world();
    await admin.post(`/issues/${number}/messages`, { body: "Let me check." });
    await admin.post(`/issues/${number}/messages`, { body: "Refund?", visibility: "internal" });
    await app().services.jobs.idle(["message.deliver"], 30_000);
    const messages = (await thread(customer, number)).messages;
    const reply = messages.find((m) => m.from === "agent");
    expect(reply?.editableUntil).toBeNull();
    expectError(
      await patch(customer, `/conversations/${number}/messages/${reply?.id}`, { text: "x" }),
      403,
      "forbidden",
    );
    const note = (await agentMessages(admin, number)).find((m) => m.visibility === "internal");
    expectError(
      await patch(customer, `/conversations/${number}/messages/${note?.id}`, { text: "x" }),
      404,
      "not_found",
    );
    const bos = (await thread(other, others)).messages[0];
    // Bo's message, asked for through Ada's conversation or Bo's: neither is Ada's.
    expectError(await patch(customer, `/conversations/${number}/messages/${bos?.id}`, { text: "x" }), 404, "not_found");
    expectError(await patch(customer, `/conversations/${others}/messages/${bos?.id}`, { text: "x" }), 404, "not_found");
    const mine = messages[0];
    expectError(
      await patch(customer, `/conversations/${number}/messages/${mine?.id}`, { text: "  " }),
      400,
      "validation_failed",
    );

    const later = new Date(Date.now() + (WIDGET_EDIT_MINUTES + 1) * 60_000);
    app().services.now = () => later;
    expectError(
      await patch(customer, `/conversations/${number}/messages/${mine?.id}`, { text: "Late" }),
      409,
      "conflict",
    );
    app().services.now = undefined;
    expect((await agentMessages(admin, number))[0]).toMatchObject({ bodyText: "My invoice is wrong", editedAt: null });
  });
});

describe("files in the widget", () => {
  it("stores the customer's file with the message; the agent sees and downloads it, as does the customer", async () => {
    const { admin, customer, other, number } = await world();
    const sent = await customer.post(`/conversations/${number}/messages`, {
      text: "",
      clientId: randomUUID(),
      files: [
        file("screenshot.png", "application/octet-stream", PNG),
        file("log.txt", "text/plain", Buffer.from("a\nb")),
      ],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const last = (sent.json() as Thread).messages.at(-1);
    expect(last?.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ["screenshot.png", "image/png", PNG.length],
      ["log.txt", "text/plain", 3],
    ]);

    const agentSide = (await agentMessages(admin, number)).at(-1);
    expect(agentSide?.attachments.map((a) => a.filename)).toEqual(["screenshot.png", "log.txt"]);
    const png = last?.attachments[0]?.id;
    const download = await admin.get(`/attachments/${png}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG)).toBe(true);

    const own = await customer.get(`/conversations/${number}/attachments/${png}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers["content-type"]).toBe("image/png");
    expect(own.headers["x-content-type-options"]).toBe("nosniff");
    expect(own.rawPayload.equals(PNG)).toBe(true);
    expectError(await other.get(`/conversations/${number}/attachments/${png}`), 404, "not_found");
  });

  it("refuses too many, too big, executable and disguised files, and an empty message, in words", async () => {
    const { customer, number } = await world();
    const send = (body: Record<string, unknown>) =>
      customer.post(`/conversations/${number}/messages`, { text: "see file", clientId: randomUUID(), ...body });
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x61);
    const tooBig = expectError(await send({ files: [file("big.txt", "text/plain", big)] }), 400, "validation_failed");
    expect(tooBig.message).toContain("larger than 5 MB");
    const html = Buffer.from("<script>alert(1)</script>");
    const page = expectError(await send({ files: [file("x.html", "text/html", html)] }), 400, "validation_failed");
    expect(page.message).toContain("not a kind of file");
    // Claims to be a PNG, is not one.
    expectError(await send({ files: [file("fake.png", "image/png", html)] }), 400, "validation_failed");
    const exe = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);
    expectError(await send({ files: [file("setup.exe", "application/x-msdownload", exe)] }), 400, "validation_failed");
    const four = Array.from({ length: 4 }, (_, i) => file(`${i}.png`, "image/png", PNG));
    expectError(await send({ files: four }), 400, "validation_failed");
    expectError(await send({ text: "" }), 400, "validation_failed");
    const messages = (await thread(customer, number)).messages;
    expect(messages).toHaveLength(1);
  });

  it("shows an agent's public reply's files in the widget, never a note's nor one not sent yet", async () => {
    const { admin, customer, number } = await world();
    const reply = async (visibility: "public" | "internal", filename: string) => {
      const file = await upload(admin, number, filename, PNG, "image/png");
      const res = await admin.post(`/issues/${number}/messages`, {
        visibility,
        body: `Here: ${filename}`,
        attachmentIds: [file.id],
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await reply("internal", "internal.png");
    await reply("public", "invoice.png");
    const waiting = await upload(admin, number, "draft.png", PNG, "image/png");
    await app().services.jobs.idle(["message.deliver"], 30_000);
    const messages = (await thread(customer, number)).messages;
    expect(messages.map((m) => [m.from, m.attachments.map((a) => a.filename)])).toEqual([
      ["customer", []],
      ["agent", ["invoice.png"]],
    ]);
    const id = messages[1]?.attachments[0]?.id;
    expect((await customer.get(`/conversations/${number}/attachments/${id}`)).statusCode).toBe(200);
    const internal = (await agentMessages(admin, number)).find((m) => m.visibility === "internal");
    const hidden = internal?.attachments[0]?.id;
    expect(hidden).toBeDefined();
    expectError(await customer.get(`/conversations/${number}/attachments/${hidden}`), 404, "not_found");
    expectError(await customer.get(`/conversations/${number}/attachments/${waiting.id}`), 404, "not_found");
  });
});
