// Typing indicators both ways over the real sockets: a customer typing in the widget reaches the
// agents' /ws as a presence frame; an agent typing a public reply reaches that customer's widget
// socket. Neither is stored, neither crosses to another customer's conversation, a note's typing
// never reaches the customer, and both are throttled by the server whatever the client sends.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { api, buildWorkspace, type Session, unique, useTestApp } from "../harness";
import { boot, createTestWidget, signed } from "./support";

const app = useTestApp();
let base = "";
beforeAll(async () => {
  base = (await app().http.listen({ port: 0, host: "127.0.0.1" })).replace("http", "ws");
});
afterEach(() => {
  app().services.now = undefined;
});

type Frame = Record<string, unknown>;

/** A socket that keeps every frame it received and can wait for one. */
async function listen(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  socket.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (!w.match(frame)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(frame);
    }
  });
  const next = (match: (f: Frame) => boolean) =>
    new Promise<Frame>((resolve) => {
      const seen = frames.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  await new Promise<void>((resolve, reject) => {
    socket.on("open", () => resolve());
    socket.on("error", reject);
  });
  await next((f) => f.kind === "hello");
  /** Frames that arrive after this call only. */
  const after = (match: (f: Frame) => boolean) => {
    const from = frames.length;
    return new Promise<Frame>((resolve) => {
      waiters.push({ match: (f) => frames.indexOf(f) >= from && match(f), resolve });
    });
  };
  return { socket, frames, next, after };
}

const agentSocket = (session: Session) => listen(`${base}/ws`, { cookie: session.cookie });
const widgetSocket = (token: string) => listen(`${base}/widget/ws?token=${token}`);

async function world() {
  const name = unique("typ");
  const ws = await buildWorkspace(app(), name);
  const widget = await createTestWidget(app(), ws);
  const email = `ada@${name}.example`;
  const customer = await boot(app(), widget.appId, signed(widget, email, "Ada Customer"));
  const first = (await customer.start("First question")).conversation.number;
  const second = (await customer.start("Second question")).conversation.number;
  const other = await boot(app(), widget.appId, signed(widget, `bo@${name}.example`, "Bo Other"));
  const others = (await other.start("Not Ada's")).conversation.number;
  // Routing adds its events to new issues in the background: let it finish before counting them.
  await app().services.jobs.idle(["issue.created", "message.received"], 60_000);
  return { ws, admin: api(app(), ws.admin), customer, other, first, second, others };
}

/** What an issue holds (messages and events), to show typing stores nothing. */
async function stored(admin: ReturnType<typeof api>, number: number) {
  const messages = (await admin.get(`/issues/${number}/messages`)).json() as { items: unknown[] };
  const events = (await admin.get(`/issues/${number}/events`)).json() as { items: unknown[] };
  return { messages: messages.items.length, events: events.items.length };
}

describe("customer typing in the widget", () => {
  it("reaches the agents for the customer's own conversation only, throttled, and is never stored", async () => {
    const { ws, admin, customer, first, second, others } = await world();
    const before = await stored(admin, first);
    const agent = await agentSocket(ws.admin);
    const widget = await widgetSocket(customer.token);
    // One instant for the whole burst: the server's throttle decides, not the test's speed.
    const at = new Date();
    app().services.now = () => at;

    widget.socket.send("not json");
    widget.socket.send(JSON.stringify({ type: "typing", number: others }));
    widget.socket.send(JSON.stringify({ type: "typing", number: first }));
    widget.socket.send(JSON.stringify({ type: "typing", number: first }));
    widget.socket.send(JSON.stringify({ type: "typing", number: second }));
    await agent.next((f) => f.kind === "presence" && f.issueNumber === second);

    const typing = agent.frames.filter((f) => f.kind === "presence");
    expect(typing.map((f) => f.issueNumber)).toEqual([first, second]);
    expect(typing[0]).toMatchObject({
      name: "Ada Customer",
      activity: "typing",
      customer: true,
      issueNumber: first,
    });
    expect(String(typing[0]?.userId)).toMatch(/^contact:/);
    expect(widget.socket.readyState).toBe(WebSocket.OPEN);

    // Two seconds later the customer types again: that shows again.
    const later = new Date(at.getTime() + 2_000);
    app().services.now = () => later;
    const again = agent.after((f) => f.kind === "presence" && f.issueNumber === first);
    widget.socket.send(JSON.stringify({ type: "typing", number: first }));
    expect(await again).toMatchObject({ customer: true, issueNumber: first });

    expect(await stored(admin, first)).toEqual(before);
    agent.socket.close();
    widget.socket.close();
  });

  it("never reaches another workspace's agents", async () => {
    const { ws, customer, first } = await world();
    const elsewhere = await buildWorkspace(app());
    const stranger = await agentSocket(elsewhere.admin);
    const agent = await agentSocket(ws.admin);
    const widget = await widgetSocket(customer.token);
    widget.socket.send(JSON.stringify({ type: "typing", number: first }));
    await agent.next((f) => f.kind === "presence" && f.issueNumber === first);
    // The stranger's own presence echo comes after any frame that went out before it.
    stranger.socket.send(JSON.stringify({ type: "presence", issueNumber: 1, activity: "viewing" }));
    await stranger.next((f) => f.kind === "presence" && f.activity === "viewing");
    expect(stranger.frames.filter((f) => f.customer === true)).toEqual([]);
    for (const s of [stranger, agent, widget]) s.socket.close();
  });
});

describe("agent typing shown in the widget", () => {
  it("reaches the customer of that conversation for a public reply only, throttled, never another customer", async () => {
    const { ws, admin, customer, other, first, second, others } = await world();
    const before = await stored(admin, first);
    const agent = await agentSocket(ws.admin);
    const ada = await widgetSocket(customer.token);
    const bo = await widgetSocket(other.token);
    const at = new Date();
    app().services.now = () => at;
    // Each frame is sent once the agent's own socket heard the one before: they go out in order.
    const type = async (issueNumber: number, reply: boolean) => {
      const echo = agent.after((f) => f.kind === "presence" && f.issueNumber === issueNumber);
      agent.socket.send(JSON.stringify({ type: "presence", issueNumber, activity: "typing", reply }));
      await echo;
    };
    await type(first, false); // a note: never the customer's business
    await type(others, true);
    await type(first, true);
    await type(first, true); // within the throttle
    await type(second, true);

    await ada.next((f) => f.kind === "typing" && f.number === second);
    await bo.next((f) => f.kind === "typing" && f.number === others);
    expect(ada.frames.filter((f) => f.kind === "typing")).toEqual([
      { kind: "typing", number: first, name: "Admin" },
      { kind: "typing", number: second, name: "Admin" },
    ]);
    expect(bo.frames.filter((f) => f.kind === "typing")).toEqual([{ kind: "typing", number: others, name: "Admin" }]);
    expect(await stored(admin, first)).toEqual(before);
    for (const s of [agent, ada, bo]) s.socket.close();
  });
});
