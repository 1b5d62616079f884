// Realtime fan-out over LISTEN/NOTIFY: every server forwards a change to its own sockets of the
// change's workspace only. Two HTTP servers on one database stand in for a scaled-out deployment.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildHttpServer } from "../../src/server";
import { api, buildWorkspace, type Session, useTestApp } from "../harness";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();
let second: FastifyInstance;
const urls: string[] = [];

beforeAll(async () => {
  urls.push(await app().http.listen({ port: 0, host: "127.0.0.1" }));
  second = await buildHttpServer(app().services);
  urls.push(await second.listen({ port: 0, host: "127.0.0.1" }));
});
afterAll(async () => {
  await second?.close();
});

type Frame = Record<string, unknown>;

async function connect(baseUrl: string, session: Session) {
  const socket = new WebSocket(`${baseUrl.replace("http", "ws")}/ws`, { headers: { cookie: session.cookie } });
  const seen: Frame[] = [];
  const waiters: { pred: (m: Frame) => boolean; resolve: (m: Frame) => void }[] = [];
  socket.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    seen.push(frame);
    for (const w of [...waiters]) {
      if (w.pred(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  const next = (pred: (m: Frame) => boolean) =>
    new Promise<Frame>((resolve) => {
      const already = seen.find(pred);
      if (already) resolve(already);
      else waiters.push({ pred, resolve });
    });
  await new Promise((resolve, reject) => {
    socket.on("open", resolve);
    socket.on("error", reject);
  });
  await next((m) => m.kind === "hello");
  return { socket, seen, next };
}

describe("realtime tenant filter", () => {
  it("sends workspace A's changes to A's sockets on every server, and never B's", async () => {
    const a = await buildWorkspace(app());
    const b = await buildWorkspace(app());
    const asA = api(app(), a.admin);
    const asB = api(app(), b.admin);
    const issueA = (await asA.post("/issues", { title: "A's issue" })).json();
    const issueB = (await asB.post("/issues", { title: "B's issue" })).json();

    const aHere = await connect(urls[0] ?? "", a.admin);
    const aThere = await connect(urls[1] ?? "", a.admin);
    const bHere = await connect(urls[0] ?? "", b.admin);

    // B acts first (an issue change, a reply, a presence frame); A acts last. NOTIFY is delivered in
    // commit order, so once A's last change arrives, anything of B's would already have arrived.
    await asB.patch(`/issues/${issueB.number}`, { priority: "urgent" });
    await asB.post(`/issues/${issueB.number}/messages`, { body: "B's reply" });
    bHere.socket.send(JSON.stringify({ type: "presence", issueNumber: issueB.number, activity: "typing" }));
    await bHere.next((m) => m.kind === "presence");
    await asA.patch(`/issues/${issueA.number}`, { priority: "high" });
    await asA.post(`/issues/${issueA.number}/messages`, { body: "A's reply" });

    for (const client of [aHere, aThere]) {
      const priority = await client.next((m) => m.kind === "issue" && m.action === "priority");
      expect(priority).toMatchObject({ workspaceId: a.workspaceId, id: issueA.id, issueNumber: issueA.number });
      await client.next((m) => m.kind === "message" && m.action === "created");
      expect(client.seen.filter((m) => m.kind !== "hello").every((m) => m.workspaceId === a.workspaceId)).toBe(true);
      expect(JSON.stringify(client.seen)).not.toContain(issueB.id);
      expect(client.seen.some((m) => m.kind === "presence")).toBe(false);
    }
    const bPriority = await bHere.next((m) => m.kind === "issue" && m.action === "priority");
    expect(bPriority).toMatchObject({ workspaceId: b.workspaceId, id: issueB.id });
    expect(bHere.seen.filter((m) => m.kind !== "hello").every((m) => m.workspaceId === b.workspaceId)).toBe(true);
    // Payloads say only what changed: no titles or bodies travel over the socket.
    const wire = JSON.stringify([...aHere.seen, ...aThere.seen, ...bHere.seen]);
    for (const text of ["A's issue", "B's issue", "A's reply", "B's reply"]) expect(wire).not.toContain(text);

    for (const c of [aHere, aThere, bHere]) c.socket.close();
  });

  it("sends nothing for a change that rolls back", async () => {
    const a = await buildWorkspace(app());
    const asA = api(app(), a.admin);
    const issue = (await asA.post("/issues", { title: "Rollback" })).json();
    // Routing sets an AI priority on new issues in a job; let it finish before listening.
    await app().services.jobs.idle();
    const client = await connect(urls[1] ?? "", a.admin);
    // Priority then an invalid field in one request: the whole command rolls back.
    const res = await asA.patch(`/issues/${issue.number}`, { priority: "urgent", customFields: { nope: 1 } });
    expect(res.statusCode).toBe(400);
    await asA.patch(`/issues/${issue.number}`, { tags: ["after"] });
    await client.next((m) => m.kind === "issue" && m.action === "tags");
    expect(client.seen.some((m) => m.action === "priority")).toBe(false);
    client.socket.close();
  });
});
