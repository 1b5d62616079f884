// Tenant isolation over every route of the API: a user of workspace A never reads, changes or
// references workspace B's objects (404, as if they did not exist) and never sees them in lists.
// To cover a new route, add a row to OBJECT_ROUTES (routes with ids) — the completeness check
// below fails until every parameterised route of the OpenAPI document has one.
import type { Issue } from "@switchboard/api";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { quarantineDelivery } from "../../src/commands/quarantine";
import { aiDecisions, attachments, emailOutbox, messages, slackChannels } from "../../src/db/schema";
import { api, buildWorkspace, logIn, type Session, type TestWorkspace, useTestApp } from "../harness";
import { expectError } from "./support";

// The machine running the suite is shared and small: start-up under load can take minutes.
vi.setConfig({ hookTimeout: 240_000, testTimeout: 240_000 });
const app = useTestApp();

/** Marker word in B's names and texts: it must never show up in anything A can read. */
const MARK = "zebrafruit";

interface Objects {
  issueNumber: number;
  issueId: string;
  accountId: string;
  contactId: string;
  userId: string;
  teamId: string;
  tagId: string;
  customFieldId: string;
  viewId: string;
  personalViewId: string;
  macroId: string;
  apiTokenId: string;
  quarantineId: string;
  outboxId: string;
  messageId: string;
  notificationId: string;
  inboxId: string;
  triggerId: string;
  agentId: string;
  runbookId: string;
  decisionId: string;
  slackChannelId: string;
  attachmentId: string;
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
type Request = [Method, string, unknown?];

/** Each parameterised route, called by A with B's ids (and, for two ids, mixed with A's own). */
const OBJECT_ROUTES: Record<string, (b: Objects, a: Objects) => Request[]> = {
  "GET /issues/{number}": (b) => [["GET", `/issues/${b.issueNumber}`]],
  "PATCH /issues/{number}": (b) => [["PATCH", `/issues/${b.issueNumber}`, { priority: "urgent" }]],
  "POST /issues/{number}/merge": (b, a) => [
    ["POST", `/issues/${b.issueNumber}/merge`, { intoNumber: a.issueNumber }],
    ["POST", `/issues/${a.issueNumber}/merge`, { intoNumber: b.issueNumber }],
  ],
  "GET /issues/{number}/messages": (b) => [["GET", `/issues/${b.issueNumber}/messages`]],
  "POST /issues/{number}/messages": (b) => [["POST", `/issues/${b.issueNumber}/messages`, { body: "hello" }]],
  "GET /issues/{number}/events": (b) => [["GET", `/issues/${b.issueNumber}/events`]],
  "GET /issues/{number}/macros/{id}/preview": (b, a) => [
    ["GET", `/issues/${b.issueNumber}/macros/${a.macroId}/preview`],
    ["GET", `/issues/${a.issueNumber}/macros/${b.macroId}/preview`],
  ],
  "POST /issues/{number}/macros/{id}/apply": (b, a) => [
    ["POST", `/issues/${b.issueNumber}/macros/${a.macroId}/apply`, {}],
    ["POST", `/issues/${a.issueNumber}/macros/${b.macroId}/apply`, {}],
  ],
  "GET /accounts/{id}": (b) => [["GET", `/accounts/${b.accountId}`]],
  "PATCH /accounts/{id}": (b) => [["PATCH", `/accounts/${b.accountId}`, { tier: "Gold" }]],
  "GET /contacts/{id}": (b) => [["GET", `/contacts/${b.contactId}`]],
  "PATCH /contacts/{id}": (b) => [["PATCH", `/contacts/${b.contactId}`, { name: "Renamed" }]],
  "PATCH /users/{id}": (b) => [
    ["PATCH", `/users/${b.userId}`, { role: "viewer" }],
    ["PATCH", `/users/${b.userId}`, { deactivated: true }],
  ],
  "PATCH /teams/{id}": (b) => [["PATCH", `/teams/${b.teamId}`, { name: "Taken over" }]],
  "DELETE /teams/{id}": (b, a) => [
    ["DELETE", `/teams/${b.teamId}?moveTo=${a.teamId}`],
    // Folding one's own team into another tenant's would hand it their work.
    ["DELETE", `/teams/${a.teamId}?moveTo=${b.teamId}`],
  ],
  "PUT /teams/{id}/members/{userId}": (b, a) => [
    ["PUT", `/teams/${b.teamId}/members/${a.userId}`, {}],
    ["PUT", `/teams/${a.teamId}/members/${b.userId}`, {}],
  ],
  "DELETE /teams/{id}/members/{userId}": (b, a) => [
    ["DELETE", `/teams/${b.teamId}/members/${b.userId}`],
    ["DELETE", `/teams/${b.teamId}/members/${a.userId}`],
  ],
  "DELETE /tags/{id}": (b) => [["DELETE", `/tags/${b.tagId}`]],
  "PATCH /custom-fields/{id}": (b) => [["PATCH", `/custom-fields/${b.customFieldId}`, { label: "Mine now" }]],
  "DELETE /api-tokens/{id}": (b) => [["DELETE", `/api-tokens/${b.apiTokenId}`]],
  "POST /quarantine/{id}": (b) => [["POST", `/quarantine/${b.quarantineId}`, { action: "discard" }]],
  "GET /views/{id}": (b) => [
    ["GET", `/views/${b.viewId}`],
    ["GET", `/views/${b.personalViewId}`],
  ],
  "PATCH /views/{id}": (b) => [["PATCH", `/views/${b.viewId}`, { name: "Mine now" }]],
  "DELETE /views/{id}": (b) => [["DELETE", `/views/${b.viewId}`]],
  "GET /views/{id}/issues": (b) => [["GET", `/views/${b.viewId}/issues`]],
  "PATCH /macros/{id}": (b) => [["PATCH", `/macros/${b.macroId}`, { name: "Mine now" }]],
  "DELETE /macros/{id}": (b) => [["DELETE", `/macros/${b.macroId}`]],
  "POST /quarantine/{id}/retry": (b) => [["POST", `/quarantine/${b.quarantineId}/retry`, {}]],
  "POST /outbox/{id}/resend": (b) => [["POST", `/outbox/${b.outboxId}/resend`, {}]],
  "POST /messages/{id}/resend": (b) => [["POST", `/messages/${b.messageId}/resend`, {}]],
  "PATCH /inboxes/{id}": (b) => [["PATCH", `/inboxes/${b.inboxId}`, { name: "Mine now" }]],
  "DELETE /inboxes/{id}": (b) => [["DELETE", `/inboxes/${b.inboxId}`]],
  "GET /attachments/{id}": (b) => [["GET", `/attachments/${b.attachmentId}`]],
  "PATCH /slack/channels/{id}": (b) => [["PATCH", `/slack/channels/${b.slackChannelId}`, { mode: "reaction" }]],
  "GET /triggers/{id}": (b) => [["GET", `/triggers/${b.triggerId}`]],
  "PATCH /triggers/{id}": (b) => [["PATCH", `/triggers/${b.triggerId}`, { name: "Mine now" }]],
  "DELETE /triggers/{id}": (b) => [["DELETE", `/triggers/${b.triggerId}`]],
  "POST /triggers/{id}/dry-run": (b) => [["POST", `/triggers/${b.triggerId}/dry-run`, {}]],
  "GET /ai-agents/{id}": (b) => [["GET", `/ai-agents/${b.agentId}`]],
  "PATCH /ai-agents/{id}": (b) => [["PATCH", `/ai-agents/${b.agentId}`, { name: "Mine now" }]],
  "GET /ai-agents/{id}/runbooks": (b) => [["GET", `/ai-agents/${b.agentId}/runbooks`]],
  "POST /ai-agents/{id}/runbooks": (b, a) => [
    ["POST", `/ai-agents/${b.agentId}/runbooks`, { name: "x", instructions: "x", targetTeamId: a.teamId }],
  ],
  "PATCH /ai-agents/{id}/runbooks/{runbookId}": (b, a) => [
    ["PATCH", `/ai-agents/${b.agentId}/runbooks/${b.runbookId}`, { name: "Mine now" }],
    ["PATCH", `/ai-agents/${a.agentId}/runbooks/${b.runbookId}`, { name: "Mine now" }],
  ],
  "DELETE /ai-agents/{id}/runbooks/{runbookId}": (b, a) => [
    ["DELETE", `/ai-agents/${b.agentId}/runbooks/${b.runbookId}`],
    ["DELETE", `/ai-agents/${a.agentId}/runbooks/${b.runbookId}`],
  ],
  "GET /ai-agents/{id}/accuracy": (b) => [["GET", `/ai-agents/${b.agentId}/accuracy`]],
  "GET /issues/{number}/decisions": (b) => [["GET", `/issues/${b.issueNumber}/decisions`]],
  "POST /issues/{number}/decisions/{id}/override": (b, a) => [
    ["POST", `/issues/${b.issueNumber}/decisions/${b.decisionId}/override`, { priority: "high" }],
    ["POST", `/issues/${a.issueNumber}/decisions/${b.decisionId}/override`, { priority: "high" }],
  ],
  "POST /ai-decisions/{id}/override": (b) => [["POST", `/ai-decisions/${b.decisionId}/override`, { priority: "high" }]],
  "GET /teams/{id}/routing": (b) => [["GET", `/teams/${b.teamId}/routing`]],
  "PUT /teams/{id}/routing": (b) => [["PUT", `/teams/${b.teamId}/routing`, { strategy: "round_robin" }]],
};

/**
 * A's own writes that name one of B's objects: refused as if the object did not exist — 404, or
 * 400 where the id is a value checked with others (trigger actions, custom field values).
 */
const CROSS_REFERENCES: [(b: Objects, a: Objects) => Request, "not_found" | "validation_failed"][] = [
  [(b) => ["POST", "/issues", { title: "x", teamId: b.teamId }], "not_found"],
  [(b) => ["POST", "/issues", { title: "x", accountId: b.accountId }], "not_found"],
  [(b) => ["POST", "/issues", { title: "x", requesterContactId: b.contactId }], "not_found"],
  [(b, a) => ["PATCH", `/issues/${a.issueNumber}`, { teamId: b.teamId }], "not_found"],
  [(b, a) => ["PATCH", `/issues/${a.issueNumber}`, { assigneeUserId: b.userId }], "not_found"],
  [(b) => ["POST", "/accounts", { name: "x", ownerUserId: b.userId }], "not_found"],
  [(b, a) => ["PATCH", `/accounts/${a.accountId}`, { ownerUserId: b.userId }], "not_found"],
  [(b) => ["POST", "/contacts", { name: "x", accountId: b.accountId }], "not_found"],
  [(b, a) => ["PATCH", `/contacts/${a.contactId}`, { accountId: b.accountId }], "not_found"],
  [(b) => ["POST", "/teams", { name: "x", leadUserId: b.userId }], "not_found"],
  [(b, a) => ["PATCH", `/teams/${a.teamId}`, { leadUserId: b.userId }], "not_found"],
  [(b) => ["POST", "/views", { name: "x", ownerType: "team", ownerTeamId: b.teamId }], "not_found"],
  [(b) => ["POST", "/macros", { name: "x", body: "hi", teamId: b.teamId }], "not_found"],
  [(b) => ["POST", "/macros", { name: "x", body: "hi", actions: { teamId: b.teamId } }], "not_found"],
  [(b) => ["POST", "/inboxes", { address: "x@apple.example", teamId: b.teamId }], "not_found"],
  [(b, a) => ["PATCH", `/issues/${a.issueNumber}`, { customFields: { owner: b.userId } }], "validation_failed"],
  [(b, a) => ["PATCH", `/inboxes/${a.inboxId}`, { teamId: b.teamId }], "not_found"],
  [(b) => ["POST", "/ai-agents", { name: "x", teamId: b.teamId }], "not_found"],
  [
    (b, a) => ["POST", `/ai-agents/${a.agentId}/runbooks`, { name: "x", instructions: "x", targetTeamId: b.teamId }],
    "not_found",
  ],
  [(b, a) => ["POST", `/ai-decisions/${a.decisionId}/override`, { teamId: b.teamId }], "not_found"],
  [
    (b) => [
      "POST",
      "/triggers",
      { name: "x", event: "issue_created", enabled: false, actions: [{ type: "set_team", teamId: b.teamId }] },
    ],
    "validation_failed",
  ],
  [
    (b) => [
      "POST",
      "/triggers",
      { name: "x", event: "issue_created", enabled: false, actions: [{ type: "assign_user", userId: b.userId }] },
    ],
    "validation_failed",
  ],
];

let a: { ws: TestWorkspace; objects: Objects };
let b: { ws: TestWorkspace; objects: Objects; member: Session };

beforeAll(async () => {
  const wsA = await buildWorkspace(app());
  const wsB = await buildWorkspace(app());
  // B has more issues than A, so B's issue numbers do not exist in A.
  const bObjects = await arrange(wsB, MARK, 3);
  const member = await logIn(app(), `dana@${wsB.workspaceId}.test`, "password123");
  a = { ws: wsA, objects: await arrange(wsA, "apple", 1) };
  b = { ws: wsB, objects: bObjects, member };
});

describe("tenant isolation", () => {
  it("has a row for every parameterised route of the API", () => {
    const missing = apiRoutes()
      .filter((r) => r.includes("{"))
      .filter((r) => !(r in OBJECT_ROUTES));
    expect(missing, `add these routes to OBJECT_ROUTES:\n${missing.join("\n")}`).toEqual([]);
  });

  it("answers 404 to A for every route naming B's objects, and leaves them untouched", async () => {
    const before = await snapshotB();
    const as = api(app(), a.ws.admin);
    for (const [route, requests] of Object.entries(OBJECT_ROUTES)) {
      for (const [method, url, body] of requests(b.objects, a.objects)) {
        const res = await send(as, method, url, body);
        expectError(res, 404, "not_found", `${route}: ${method} ${url}`);
        expect(res.body).not.toContain(MARK);
      }
    }
    for (const [reference, code] of CROSS_REFERENCES) {
      const [method, url, body] = reference(b.objects, a.objects);
      const status = code === "not_found" ? 404 : 400;
      expectError(await send(as, method, url, body), status, code, `${method} ${url} ${JSON.stringify(body)}`);
    }
    // Bulk operations skip what is not A's rather than failing.
    const marked = await as.post("/notifications/read", { ids: [b.objects.notificationId] });
    expect(marked.json()).toEqual({ marked: 0 });
    expect(await snapshotB()).toEqual(before);
  });

  it("never lists or finds B's objects in A's lists and searches", async () => {
    const as = api(app(), a.ws.admin);
    const bIds = Object.entries(b.objects)
      .filter(([k]) => k !== "issueNumber")
      .map(([, v]) => String(v));
    const lists = apiRoutes()
      .filter((r) => r.startsWith("GET ") && !r.includes("{"))
      .map((r) => r.slice(4));
    expect(lists).toEqual(expect.arrayContaining(["/issues", "/accounts", "/contacts", "/users", "/teams", "/tags"]));
    const urls = [
      ...lists,
      `/issues?q=${MARK}`,
      `/issues?q=${MARK}&state=new,on_you,on_customer,on_hold,closed`,
      `/accounts?q=${MARK}`,
      `/contacts?q=${MARK}`,
      `/views/${a.objects.viewId}/issues`,
      `/issues/${a.objects.issueNumber}/messages`,
      `/issues/${a.objects.issueNumber}/events`,
    ];
    for (const url of urls) {
      const res = await as.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      expect(res.body, url).not.toContain(MARK);
      for (const id of bIds) expect(res.body, `${url} leaks ${id}`).not.toContain(id);
    }
    // A's own objects are there, so the lists above were not trivially empty.
    expect((await as.get("/issues?q=apple")).json().items).toHaveLength(1);
    expect((await as.get("/accounts")).json().items).toHaveLength(1);
    expect((await as.get("/views/counts")).json().counts).toEqual({
      [a.objects.viewId]: 1,
      [a.objects.personalViewId]: 1,
    });
  });

  it("keeps B's API token out of A: it authenticates as B only", async () => {
    const token = (await api(app(), b.ws.admin).post("/api-tokens", { name: "ci" })).json().token as string;
    const asToken = (url: string) =>
      app().http.inject({ method: "GET", url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });
    const issues = (await asToken("/issues")).json().items as Issue[];
    expect(issues.map((i) => i.title)).toContain(`Issue ${MARK} 3`);
    expectError(await asToken(`/accounts/${a.objects.accountId}`), 404, "not_found");
    expect((await asToken("/issues")).body).not.toContain("apple");
  });
});

/** Creates one of everything in `ws`; names carry `word`. */
async function arrange(ws: TestWorkspace, word: string, issues: number): Promise<Objects> {
  const as = api(app(), ws.admin);
  const ok = async (res: Awaited<ReturnType<typeof as.get>>) => {
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const account = await ok(await as.post("/accounts", { name: `${word} Corp`, domains: [`${word}.example`] }));
  const contact = await ok(
    await as.post("/contacts", { name: `${word} Person`, email: `p@${word}.example`, accountId: account.id }),
  );
  const user = await ok(
    await as.post("/users", {
      email: `dana@${ws.workspaceId}.test`,
      name: `Dana ${word}`,
      password: "password123",
    }),
  );
  const team = await ok(await as.post("/teams", { name: `${word} team` }));
  await ok(await as.put(`/teams/${team.id}/members/${user.id}`, {}));
  const tag = await ok(await as.post("/tags", { name: `${word}-tag` }));
  const field = await ok(
    await as.post("/custom-fields", { object: "issue", key: `${word}_field`, label: `${word} field`, type: "text" }),
  );
  await ok(await as.post("/custom-fields", { object: "issue", key: "owner", label: "Owner", type: "user" }));
  let issue = { id: "", number: 0 };
  for (let i = 1; i <= issues; i++) {
    issue = await ok(
      await as.post("/issues", {
        title: `Issue ${word} ${i}`,
        body: `first reply about ${word}`,
        teamId: team.id,
        accountId: account.id,
        requesterContactId: contact.id,
        tags: [`${word}-tag`],
      }),
    );
  }
  await ok(await as.patch(`/issues/${issue.number}`, { customFields: { [`${word}_field`]: word, owner: user.id } }));
  await ok(await as.post(`/issues/${issue.number}/messages`, { visibility: "internal", body: `@dana ${word} note` }));
  const view = await ok(await as.post("/views", { name: `${word} view`, ownerType: "workspace" }));
  const personal = await ok(await as.post("/views", { name: `${word} mine`, ownerType: "user" }));
  const macro = await ok(await as.post("/macros", { name: `${word} macro`, body: `Hi from ${word}` }));
  const token = await ok(await as.post("/api-tokens", { name: `${word} token` }));
  const parked = await quarantineDelivery(app().services.database.db, {
    workspaceId: ws.workspaceId,
    channel: "email",
    reason: `unparseable ${word}`,
    raw: `From: someone@${word}.example`,
  });
  const inbox = await ok(await as.post("/inboxes", { address: `support@${word}.example`, teamId: team.id }));
  const trigger = await ok(
    await as.post("/triggers", {
      name: `${word} trigger`,
      event: "issue_created",
      enabled: false,
      actions: [{ type: "set_team", teamId: team.id }],
    }),
  );
  const agent = await ok(await as.post("/ai-agents", { name: `${word} router`, teamId: team.id, enabled: false }));
  const runbook = await ok(
    await as.post(`/ai-agents/${agent.id}/runbooks`, {
      name: `${word} runbook`,
      instructions: `Send ${word} questions here`,
      targetTeamId: team.id,
    }),
  );
  // Channel- and job-made objects, arranged directly: no API creates them.
  const db = app().services.database.db;
  const [decision] = await db
    .insert(aiDecisions)
    .values({ workspaceId: ws.workspaceId, issueId: issue.id, kind: "route", output: { teamId: team.id } })
    .returning();
  const [slackChannel] = await db
    .insert(slackChannels)
    .values({ workspaceId: ws.workspaceId, slackChannelId: `C${word.toUpperCase()}`, name: `${word}-shared` })
    .returning();
  const [attachment] = await db
    .insert(attachments)
    .values({
      workspaceId: ws.workspaceId,
      issueId: issue.id,
      filename: `${word}.txt`,
      contentType: "text/plain",
      size: word.length,
      contentBase64: Buffer.from(word).toString("base64"),
    })
    .returning();
  const [reply] = await db
    .insert(messages)
    .values({
      workspaceId: ws.workspaceId,
      issueId: issue.id,
      authorType: "user",
      bodyText: `unsent ${word} reply`,
      deliveryStatus: "unsent",
    })
    .returning();
  const [outbox] = reply
    ? await db
        .insert(emailOutbox)
        .values({
          workspaceId: ws.workspaceId,
          issueId: issue.id,
          messageId: reply.id,
          rfcMessageId: `sb-${reply.id}@${word}.example`,
          fromAddress: `support@${word}.example`,
          toAddresses: [`customer@${word}.example`],
          subject: `Re: ${word}`,
          bodyText: reply.bodyText,
          status: "unsent",
        })
        .returning()
    : [];
  if (!decision || !slackChannel || !attachment || !reply || !outbox) throw new Error("arrange failed");
  expect((await as.get(`/attachments/${attachment.id}`)).body).toBe(word);
  await app().services.jobs.idle();
  const dana = await logIn(app(), `dana@${ws.workspaceId}.test`, "password123");
  const notes = (await api(app(), dana).get("/notifications")).json();
  expect(notes.unread).toBe(1);
  return {
    issueNumber: issue.number,
    issueId: issue.id,
    accountId: account.id,
    contactId: contact.id,
    userId: user.id,
    teamId: team.id,
    tagId: tag.id,
    customFieldId: field.id,
    viewId: view.id,
    personalViewId: personal.id,
    macroId: macro.id,
    apiTokenId: token.id,
    quarantineId: parked.id,
    outboxId: outbox.id,
    messageId: reply.id,
    notificationId: notes.items[0].id,
    inboxId: inbox.id,
    triggerId: trigger.id,
    agentId: agent.id,
    runbookId: runbook.id,
    decisionId: decision.id,
    slackChannelId: slackChannel.id,
    attachmentId: attachment.id,
  };
}

/** Everything B can read about its own objects. */
async function snapshotB() {
  await app().services.jobs.idle();
  const as = api(app(), b.ws.admin);
  const n = b.objects.issueNumber;
  const urls = [
    "/issues",
    `/issues/${n}`,
    `/issues/${n}/messages`,
    `/issues/${n}/events`,
    "/accounts",
    "/contacts",
    "/users",
    "/teams",
    "/tags",
    "/custom-fields",
    "/views",
    `/views/${b.objects.personalViewId}`,
    "/macros",
    "/api-tokens",
    "/quarantine",
    "/outbox",
    "/inboxes",
    "/triggers",
    `/triggers/${b.objects.triggerId}`,
    `/ai-agents/${b.objects.agentId}`,
    `/issues/${n}/decisions`,
    "/slack/channels",
    `/teams/${b.objects.teamId}/routing`,
  ];
  const out: Record<string, unknown> = {};
  for (const url of urls) out[url] = (await as.get(url)).json();
  out.notifications = (await api(app(), b.member).get("/notifications")).json();
  return out;
}

/** "METHOD /path/{param}" for every route in the OpenAPI document (what the API exposes). */
function apiRoutes(): string[] {
  const doc = app().http.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ["get", "post", "patch", "put", "delete"].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

function send(as: ReturnType<typeof api>, method: Method, url: string, body?: unknown) {
  switch (method) {
    case "GET":
      return as.get(url);
    case "POST":
      return as.post(url, body);
    case "PATCH":
      return as.patch(url, body);
    case "PUT":
      return as.put(url, body);
    case "DELETE":
      return as.delete(url);
  }
}
