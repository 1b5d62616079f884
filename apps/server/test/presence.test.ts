import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { api, buildWorkspace, logIn, type Session, useTestApp } from "./harness";

const app = useTestApp();
let baseUrl = "";

beforeAll(async () => {
  baseUrl = await app().http.listen({ port: 0, host: "127.0.0.1" });
});

function connect(session: Session): Promise<{
  socket: WebSocket;
  next: (pred: (m: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
}> {
  const socket = new WebSocket(`${baseUrl.replace("http", "ws")}/ws`, { headers: { cookie: session.cookie } });
  const seen: Record<string, unknown>[] = [];
  const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] =
    [];
  socket.on("message", (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    seen.push(message);
    for (const w of [...waiters]) {
      if (w.pred(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  const next = (pred: (m: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const already = seen.find(pred);
      if (already) resolve(already);
      else waiters.push({ pred, resolve });
    });
  return new Promise((resolve, reject) => {
    socket.on("open", () => resolve({ socket, next }));
    socket.on("error", reject);
  });
}

describe("realtime", () => {
  it("tells a colleague who is typing in an issue, and pushes issue changes", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    await as.post("/users", { email: `sam@${ws.workspaceId}.test`, name: "Sam", password: "password123" });
    const sam = await logIn(app(), `sam@${ws.workspaceId}.test`, "password123");
    const issue = (await as.post("/issues", { title: "Presence" })).json();

    const adminSocket = await connect(ws.admin);
    const samSocket = await connect(sam);
    await samSocket.next((m) => m.kind === "hello");
    adminSocket.socket.send(JSON.stringify({ type: "presence", issueNumber: issue.number, activity: "typing" }));
    const typing = await samSocket.next((m) => m.kind === "presence");
    expect(typing).toMatchObject({ name: "Admin", issueNumber: issue.number, activity: "typing" });

    await as.patch(`/issues/${issue.number}`, { priority: "high" });
    const change = await samSocket.next((m) => m.kind === "issue" && m.action === "priority");
    expect(change.issueNumber).toBe(issue.number);
    adminSocket.socket.close();
    samSocket.socket.close();
  });

  it("refuses a websocket without a session", async () => {
    const socket = new WebSocket(`${baseUrl.replace("http", "ws")}/ws`);
    const status = await new Promise<number>((resolve) =>
      socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
  });
});
