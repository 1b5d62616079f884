// Tenant isolation over every route of the API: a user of workspace A never reads, changes or
// references workspace B's objects (404, as if they did not exist) and never sees them in lists.
// To cover a new route, add a row to OBJECT_ROUTES (routes with ids) — the completeness check
// below fails until every parameterised route of the OpenAPI document has one.
// Within a workspace, customers (portal, widget) see only their own account: see the read-scope
// rows at the end (CUSTOMER_READS).
import { randomUUID } from "node:crypto";
import type { Issue } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { contactActor } from "../../src/commands/actors";
import { type CommandContext, runCommand } from "../../src/commands/context";
import { assignIssue, changeState } from "../../src/commands/issues";
import { replyToIssue } from "../../src/commands/messages";
import { portalTokenHash } from "../../src/commands/portal";
import { quarantineDelivery } from "../../src/commands/quarantine";
import type { Executor } from "../../src/db/connect";
import {
  aiDecisions,
  attachments,
  crmSyncRuns,
  emailOutbox,
  importRuns,
  importSkips,
  linearLinks,
  messages,
  portalSessions,
  slackChannels,
  topics,
  webhookDeliveries,
} from "../../src/db/schema";
import { AppError } from "../../src/domain/errors";
import { JOB_CATALOG, type JobName } from "../../src/jobCatalog";
import * as accountQueries from "../../src/queries/accounts";
import { getAccount, listAccounts } from "../../src/queries/accounts";
import * as contactQueries from "../../src/queries/contacts";
import { getContact, listContacts } from "../../src/queries/contacts";
import { getAttachment, getOutboxEntry, listOutbox } from "../../src/queries/email";
import * as issueQueries from "../../src/queries/issues";
import { agentScope, CUSTOMER_EVENT_TYPES, customerScope, type ReadScope } from "../../src/queries/scope";
import * as viewQueries from "../../src/queries/views";
import { countViews, getView, listViewIssues } from "../../src/queries/views";
import { api, buildWorkspace, logIn, type Session, type TestWorkspace, useTestApp } from "../harness";
import { portalClient } from "../portal/support";
import { customerSays, expectError } from "./support";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

/** Marker word in B's names and texts: it must never show up in anything A can read. */
const MARK = "zebrafruit";

interface Objects {
  calendarId: string;
  slaPolicyId: string;
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
  sessionId: string;
  invitationId: string;
  internalChannelId: string;
  internalThreadId: string;
  linearLinkId: string;
  widgetId: string;
  kbCollectionId: string;
  kbArticleId: string;
  kbImageId: string;
  gapId: string;
  portalFormId: string;
  crmSyncRunId: string;
  importRunId: string;
  webhookId: string;
  webhookDeliveryId: string;
  broadcastId: string;
  topicId: string;
}
const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

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
  "POST /messages/{id}/undo": (b) => [["POST", `/messages/${b.messageId}/undo`, {}]],
  "GET /issues/{number}/draft": (b) => [["GET", `/issues/${b.issueNumber}/draft`]],
  "PUT /issues/{number}/draft": (b) => [["PUT", `/issues/${b.issueNumber}/draft`, { body: "mine now" }]],
  "DELETE /issues/{number}/draft": (b) => [["DELETE", `/issues/${b.issueNumber}/draft`]],
  "PATCH /inboxes/{id}": (b) => [["PATCH", `/inboxes/${b.inboxId}`, { name: "Mine now" }]],
  "DELETE /inboxes/{id}": (b) => [["DELETE", `/inboxes/${b.inboxId}`]],
  "GET /inboxes/{id}/setup": (b) => [["GET", `/inboxes/${b.inboxId}/setup`]],
  "POST /inboxes/{id}/check": (b) => [["POST", `/inboxes/${b.inboxId}/check`, {}]],
  "GET /attachments/{id}": (b) => [["GET", `/attachments/${b.attachmentId}`]],
  "POST /issues/{number}/attachments": (b) => [
    ["POST", `/issues/${b.issueNumber}/attachments`, { filename: "x.txt", dataBase64: "aGVsbG8=" }],
  ],
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
  "POST /issues/{number}/ai-fields": (b) => [["POST", `/issues/${b.issueNumber}/ai-fields`, {}]],
  "POST /issues/{number}/decisions/{id}/override": (b, a) => [
    ["POST", `/issues/${b.issueNumber}/decisions/${b.decisionId}/override`, { priority: "high" }],
    ["POST", `/issues/${a.issueNumber}/decisions/${b.decisionId}/override`, { priority: "high" }],
  ],
  "POST /ai-decisions/{id}/override": (b) => [["POST", `/ai-decisions/${b.decisionId}/override`, { priority: "high" }]],
  "GET /teams/{id}/routing": (b) => [["GET", `/teams/${b.teamId}/routing`]],
  "PUT /teams/{id}/routing": (b) => [["PUT", `/teams/${b.teamId}/routing`, { strategy: "round_robin" }]],
  "DELETE /me/sessions/{id}": (b) => [["DELETE", `/me/sessions/${b.sessionId}`]],
  "DELETE /invitations/{id}": (b) => [["DELETE", `/invitations/${b.invitationId}`]],
  "POST /invitations/{id}/resend": (b) => [["POST", `/invitations/${b.invitationId}/resend`, {}]],
  "POST /widgets/{id}/rotate": (b) => [["POST", `/widgets/${b.widgetId}/rotate`, {}]],
  "DELETE /widgets/{id}": (b) => [["DELETE", `/widgets/${b.widgetId}`]],
  "GET /issues/{number}/csat": (b) => [["GET", `/issues/${b.issueNumber}/csat`]],
  "PATCH /business-hours/{id}": (b) => [["PATCH", `/business-hours/${b.calendarId}`, { name: "Mine now" }]],
  "DELETE /business-hours/{id}": (b) => [["DELETE", `/business-hours/${b.calendarId}`]],
  "PUT /teams/{id}/calendar": (b, a) => [
    ["PUT", `/teams/${b.teamId}/calendar`, { calendarId: null }],
    ["PUT", `/teams/${b.teamId}/calendar`, { calendarId: a.calendarId }],
    ["PUT", `/teams/${a.teamId}/calendar`, { calendarId: b.calendarId }],
  ],
  "PATCH /sla-policies/{id}": (b) => [["PATCH", `/sla-policies/${b.slaPolicyId}`, { name: "Mine now" }]],
  "DELETE /sla-policies/{id}": (b) => [["DELETE", `/sla-policies/${b.slaPolicyId}`]],
  "PATCH /internal-channels/{id}": (b) => [["PATCH", `/internal-channels/${b.internalChannelId}`, { purpose: "Mine" }]],
  "DELETE /internal-channels/{id}": (b) => [["DELETE", `/internal-channels/${b.internalChannelId}`]],
  "GET /issues/{number}/internal-threads": (b) => [["GET", `/issues/${b.issueNumber}/internal-threads`]],
  "GET /issues/{number}/linear-links": (b) => [["GET", `/issues/${b.issueNumber}/linear-links`]],
  "POST /issues/{number}/linear-links": (b) => [["POST", `/issues/${b.issueNumber}/linear-links`, { issue: "ENG-1" }]],
  "DELETE /issues/{number}/linear-links/{id}": (b, a) => [
    ["DELETE", `/issues/${b.issueNumber}/linear-links/${b.linearLinkId}`],
    ["DELETE", `/issues/${a.issueNumber}/linear-links/${b.linearLinkId}`],
  ],
  "POST /issues/{number}/internal-threads": (b, a) => [
    ["POST", `/issues/${b.issueNumber}/internal-threads`, { channelId: a.internalChannelId, question: "x" }],
    ["POST", `/issues/${a.issueNumber}/internal-threads`, { channelId: b.internalChannelId, question: "x" }],
  ],
  "POST /issues/{number}/internal-threads/{id}/messages": (b, a) => [
    ["POST", `/issues/${b.issueNumber}/internal-threads/${b.internalThreadId}/messages`, { body: "x" }],
    ["POST", `/issues/${a.issueNumber}/internal-threads/${b.internalThreadId}/messages`, { body: "x" }],
  ],
  "PATCH /kb/collections/{id}": (b) => [["PATCH", `/kb/collections/${b.kbCollectionId}`, { name: "Mine now" }]],
  "DELETE /kb/collections/{id}": (b) => [["DELETE", `/kb/collections/${b.kbCollectionId}`]],
  "GET /kb/articles/{id}": (b) => [["GET", `/kb/articles/${b.kbArticleId}`]],
  "PATCH /kb/articles/{id}": (b, a) => [
    ["PATCH", `/kb/articles/${b.kbArticleId}`, { title: "Mine now" }],
    ["PATCH", `/kb/articles/${a.kbArticleId}`, { collectionId: b.kbCollectionId }],
  ],
  "DELETE /kb/articles/{id}": (b) => [["DELETE", `/kb/articles/${b.kbArticleId}`]],
  "GET /kb/articles/{id}/revisions": (b) => [["GET", `/kb/articles/${b.kbArticleId}/revisions`]],
  "GET /issues/{number}/kb/suggestions": (b) => [["GET", `/issues/${b.issueNumber}/kb/suggestions`]],
  "POST /knowledge-gaps/{id}/generate": (b) => [["POST", `/knowledge-gaps/${b.gapId}/generate`, {}]],
  "GET /accounts/{id}/overview": (b) => [["GET", `/accounts/${b.accountId}/overview`]],
  "GET /crm-sync-runs/{id}": (b) => [["GET", `/crm-sync-runs/${b.crmSyncRunId}`]],
  "GET /imports/{id}": (b) => [["GET", `/imports/${b.importRunId}`]],
  "GET /imports/{id}/skipped": (b) => [["GET", `/imports/${b.importRunId}/skipped`]],
  "POST /imports/{id}/resume": (b) => [["POST", `/imports/${b.importRunId}/resume`]],
  "POST /kb/articles/{id}/images": (b) => [
    ["POST", `/kb/articles/${b.kbArticleId}/images`, { filename: "a.png", dataBase64: ONE_PIXEL_PNG }],
  ],
  "GET /kb/images/{id}": (b) => [["GET", `/kb/images/${b.kbImageId}`]],
  "POST /issues/{number}/copilot/draft": (b) => [["POST", `/issues/${b.issueNumber}/copilot/draft`]],
  "POST /issues/{number}/copilot/summary": (b) => [["POST", `/issues/${b.issueNumber}/copilot/summary`]],
  "POST /issues/{number}/copilot/ask": (b) => [["POST", `/issues/${b.issueNumber}/copilot/ask`, { question: "x?" }]],
  "GET /portal/forms/{id}": (b) => [["GET", `/portal/forms/${b.portalFormId}`]],
  "PATCH /portal/forms/{id}": (b) => [["PATCH", `/portal/forms/${b.portalFormId}`, { name: "Mine now" }]],
  "DELETE /portal/forms/{id}": (b) => [["DELETE", `/portal/forms/${b.portalFormId}`]],
  "GET /webhooks/{id}": (b) => [["GET", `/webhooks/${b.webhookId}`]],
  "PATCH /webhooks/{id}": (b) => [["PATCH", `/webhooks/${b.webhookId}`, { description: "Mine now" }]],
  "DELETE /webhooks/{id}": (b) => [["DELETE", `/webhooks/${b.webhookId}`]],
  "GET /webhooks/{id}/deliveries": (b) => [["GET", `/webhooks/${b.webhookId}/deliveries`]],
  "POST /webhooks/{id}/deliveries/{deliveryId}/replay": (b, a) => [
    ["POST", `/webhooks/${b.webhookId}/deliveries/${b.webhookDeliveryId}/replay`],
    ["POST", `/webhooks/${a.webhookId}/deliveries/${b.webhookDeliveryId}/replay`],
  ],
  "GET /topics/{id}": (b) => [["GET", `/topics/${b.topicId}`]],
  "POST /topics/{id}/linear-issue": (b) => [["POST", `/topics/${b.topicId}/linear-issue`, { teamId: "team-1" }]],
  "GET /broadcasts/{id}": (b) => [["GET", `/broadcasts/${b.broadcastId}`]],
  "PATCH /broadcasts/{id}": (b) => [["PATCH", `/broadcasts/${b.broadcastId}`, { title: "Mine now" }]],
  "DELETE /broadcasts/{id}": (b) => [["DELETE", `/broadcasts/${b.broadcastId}`]],
  "POST /broadcasts/{id}/send": (b) => [["POST", `/broadcasts/${b.broadcastId}/send`, {}]],
  "POST /broadcasts/{id}/cancel": (b) => [["POST", `/broadcasts/${b.broadcastId}/cancel`]],
  "POST /broadcasts/{id}/retry-failed": (b) => [["POST", `/broadcasts/${b.broadcastId}/retry-failed`]],
  "GET /broadcasts/{id}/preview": (b) => [["GET", `/broadcasts/${b.broadcastId}/preview`]],
  "GET /broadcasts/{id}/recipients": (b) => [["GET", `/broadcasts/${b.broadcastId}/recipients`]],
};

/**
 * A's own writes that name one of B's objects: refused as if the object did not exist — 404, or
 * 400 where the id is a value checked with others (trigger actions, custom field values).
 */
const CROSS_REFERENCES: [(b: Objects, a: Objects) => Request, "not_found" | "validation_failed"][] = [
  [(b) => ["POST", "/issues", { title: "x", teamId: b.teamId }], "not_found"],
  // B's file on A's reply: no such upload on A's issue.
  [
    (b, a) => ["POST", `/issues/${a.issueNumber}/messages`, { body: "x", attachmentIds: [b.attachmentId] }],
    "not_found",
  ],
  [
    (b) => [
      "POST",
      "/broadcasts",
      { title: "x", body: "x", channels: "slack", audience: { kind: "accounts", accountIds: [b.accountId] } },
    ],
    "validation_failed",
  ],
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
  [(b) => ["POST", "/routing/test", { text: "x", accountId: b.accountId }], "not_found"],
  [(b) => ["POST", "/routing/test", { text: "x", inboxId: b.inboxId }], "not_found"],
  [(b) => ["POST", "/sla-policies", { name: "x", calendarId: b.calendarId, firstResponseMinutes: 5 }], "not_found"],
  [(b, a) => ["PATCH", `/sla-policies/${a.slaPolicyId}`, { calendarId: b.calendarId }], "not_found"],
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
      // Analytics: grouped by every issue dimension, the issues behind the numbers, the export.
      ...["team", "assignee", "account", "channel", "priority"].map(
        (group) => `/analytics/metrics?metric=created&group_by=${group}`,
      ),
      "/analytics/issues?metric=created",
      "/analytics/issues?metric=backlog",
      "/analytics/export.csv?group_by=team",
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
    await app().services.jobs.idle(["analytics.refresh"]);
    expect((await as.get("/analytics/metrics?metric=created")).json().total.count).toBe(1);
    expect((await as.get(`/analytics/metrics?metric=created&group_by=team`)).json().rows[0].key).toBe(a.objects.teamId);
    // Naming B's team in a filter finds nothing of B's.
    const theirTeam = encodeURIComponent(JSON.stringify({ field: "issue.team", op: "in", value: [b.objects.teamId] }));
    expect((await as.get(`/analytics/metrics?metric=created&filter=${theirTeam}`)).json().total.count).toBe(0);
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
  await ok(await as.put("/email/settings", { host: `smtp.${word}.example`, user: word, password: word }));
  await ok(await as.put("/email/settings/dkim", { domain: `${word}.example` }));
  const trigger = await ok(
    await as.post("/triggers", {
      name: `${word} trigger`,
      event: "issue_created",
      enabled: false,
      actions: [{ type: "set_team", teamId: team.id }],
    }),
  );
  const agent = await ok(await as.post("/ai-agents", { name: `${word} router`, teamId: team.id, enabled: false }));
  const calendar = await ok(
    await as.post("/business-hours", {
      name: `${word} hours`,
      timeZone: "Europe/Berlin",
      hours: [{ day: 1, start: "09:00", end: "17:00" }],
    }),
  );
  await ok(await as.put(`/teams/${team.id}/calendar`, { calendarId: calendar.id }));
  const slaPolicy = await ok(
    await as.post("/sla-policies", { name: `${word} SLA`, calendarId: calendar.id, firstResponseMinutes: 60 }),
  );
  const internalChannel = await ok(
    await as.post("/internal-channels", {
      slackChannelId: "CINTERNAL1",
      name: `${word}-bugs`,
      purpose: `${word} bugs`,
    }),
  );
  const internalThread = await ok(
    await as.post(`/issues/${issue.number}/internal-threads`, { channelId: internalChannel.id, question: `${word}?` }),
  );
  const kbCollection = await ok(await as.post("/kb/collections", { name: `${word} guides` }));
  const kbArticle = await ok(
    await as.post("/kb/articles", {
      title: `${word} setup`,
      body: `How to set up ${word}.`,
      collectionId: kbCollection.id,
    }),
  );
  const gap = await ok(await as.post("/knowledge-gaps", { question: `How do I ${word}?`, issueNumber: issue.number }));
  const kbImage = await ok(
    await as.post(`/kb/articles/${kbArticle.id}/images`, { filename: `${word}.png`, dataBase64: ONE_PIXEL_PNG }),
  );
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
  const [linearLink] = await db
    .insert(linearLinks)
    .values({
      workspaceId: ws.workspaceId,
      issueId: issue.id,
      linearIssueId: `${word}-linear`,
      identifier: "ENG-1",
      url: `https://linear.app/${word}/issue/ENG-1`,
      title: `${word} request`,
      stateName: "Todo",
      stateType: "unstarted",
    })
    .returning();
  if (!decision || !slackChannel || !attachment || !reply || !outbox || !linearLink) throw new Error("arrange failed");
  expect((await as.get(`/attachments/${attachment.id}`)).body).toBe(word);
  await settled();
  const dana = await logIn(app(), `dana@${ws.workspaceId}.test`, "password123");
  const notes = (await api(app(), dana).get("/notifications")).json();
  expect(notes.unread).toBe(1);
  const session = (await api(app(), dana).get("/me/sessions")).json().items[0];
  const invitation = await ok(await as.post("/invitations", { email: `invitee@${word}.example`, teamIds: [team.id] }));
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
    sessionId: session.id,
    invitationId: invitation.id,
    calendarId: calendar.id,
    slaPolicyId: slaPolicy.id,
    internalChannelId: internalChannel.id,
    internalThreadId: internalThread.id,
    linearLinkId: linearLink.id,
    widgetId: (await ok(await as.post("/widgets", { name: `${word} widget` }))).id,
    kbCollectionId: kbCollection.id,
    kbArticleId: kbArticle.id,
    kbImageId: kbImage.id,
    gapId: gap.id,
    portalFormId: (await ok(await as.post("/portal/forms", { name: `${word} form` }))).id,
    crmSyncRunId: await crmRunOf(ws.workspaceId),
    importRunId: await importRunOf(ws.workspaceId),
    topicId: await topicOf(ws.workspaceId, word),
    ...(await webhookObjects(as, ws, word, issue)),
    broadcastId: (
      await ok(
        await as.post("/broadcasts", {
          title: `${word} news`,
          body: `Hello {{account.name}}, ${word}`,
          audience: { kind: "accounts", accountIds: [account.id] },
          channels: "email",
        }),
      )
    ).id,
  };
}

/** A finished CRM sync run (a real one needs a CRM; the row is what the API reads). */
async function crmRunOf(workspaceId: string): Promise<string> {
  const [run] = await app()
    .services.database.db.insert(crmSyncRuns)
    .values({ workspaceId, provider: "salesforce", trigger: "manual", status: "succeeded" })
    .returning();
  if (!run) throw new Error("crm run insert returned nothing");
  return run.id;
}

async function importRunOf(workspaceId: string): Promise<string> {
  const [run] = await app()
    .services.database.db.insert(importRuns)
    .values({
      workspaceId,
      source: "zendesk",
      status: "succeeded",
      params: { kind: "zendesk", baseUrl: "https://tenancy.zendesk.com", email: null },
    })
    .returning();
  if (!run) throw new Error("import run insert returned nothing");
  await app()
    .services.database.db.insert(importSkips)
    .values({ workspaceId, runId: run.id, object: "issue", externalId: "1", reason: "tenancy fixture" });
  return run.id;
}

/** A topic (a real one needs the clustering job; the row is what the API reads). */
async function topicOf(workspaceId: string, word: string): Promise<string> {
  const [topic] = await app()
    .services.database.db.insert(topics)
    .values({ workspaceId, label: `${word} topic`, question: `${word}?` })
    .returning();
  if (!topic) throw new Error("topic insert returned nothing");
  return topic.id;
}

/** Everything B can read about its own objects. */
async function snapshotB() {
  await settled();
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
    "/invitations",
    "/workspace",
    "/business-hours",
    "/sla-policies",
    "/internal-channels",
    `/issues/${n}/internal-threads`,
    "/widgets",
    "/kb/collections",
    `/kb/articles/${b.objects.kbArticleId}`,
    `/kb/articles/${b.objects.kbArticleId}/revisions`,
    "/knowledge-gaps",
    "/topics",
    `/topics/${b.objects.topicId}`,
  ];
  const out: Record<string, unknown> = {};
  for (const url of urls) out[url] = (await as.get(url)).json();
  out.notifications = (await api(app(), b.member).get("/notifications")).json();
  out.sessions = (await api(app(), b.member).get("/me/sessions")).json();
  return out;
}

/** "METHOD /path/{param}" for every route in the OpenAPI document (what the API exposes). */
function apiRoutes(): string[] {
  const doc = app().http.swagger() as { paths: Record<string, Record<string, unknown>> };
  // The customer APIs (own `servers`: the site root) are the portal and widget tests' to cover.
  return Object.entries(doc.paths)
    .filter(([, ops]) => !("servers" in ops))
    .flatMap(([path, ops]) =>
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

// ---- read scopes: customers within a workspace ----------------------------------------
// The portal and widget will show customers their issues through the same queries agents use,
// narrowed by a customer ReadScope. No customer HTTP surface exists yet, so these rows drive the
// query layer directly on the real database; the customer routes will pass the same scope.

/** Words a customer of Acme must never read: Globex's, the people without an account, notes, B. */
const NOT_FOR_ACME = ["globex", "carol", "secretnote", MARK];

interface ScopeObjects {
  workspaceId: string;
  acme: { accountId: string; alice: string; bob: string; issueId: string; issueNumber: number; bobsIssue: number };
  globex: { accountId: string; contactId: string; issueId: string; issueNumber: number; attachmentId: string };
  carol: { contactId: string; issueNumber: number };
  publicAttachmentId: string;
  noteAttachmentId: string;
  viewId: string;
}

type Call = (db: Executor, scope: ReadScope) => Promise<unknown>;

/**
 * Each issue-related query, called with a customer of Acme's scope on what is not theirs:
 * Globex's objects in the same workspace and workspace B's. Each must come back empty, as
 * "not found", or refused — never with the object. (What they do see is checked below.)
 */
const CUSTOMER_READS: Record<string, (s: ScopeObjects, b: Objects) => Call[]> = {
  listIssues: (s) => [
    (db, scope) => issueQueries.listIssues(db, scope, { q: "globex" }, { limit: 50 }).then((r) => r.items),
    (db, scope) =>
      issueQueries.listIssues(db, scope, { accountId: s.globex.accountId }, { limit: 50 }).then((r) => r.items),
  ],
  getIssue: (s) => [(db, scope) => issueQueries.getIssue(db, scope, s.globex.issueNumber)],
  issueRowsByIds: (s, b) => [(db, scope) => issueQueries.issueRowsByIds(db, scope, [s.globex.issueId, b.issueId])],
  listMessages: (s, b) => [
    (db, scope) => issueQueries.listMessages(db, scope, s.globex.issueId),
    (db, scope) => issueQueries.listMessages(db, scope, b.issueId),
  ],
  listIssueEvents: (s, b) => [
    (db, scope) => issueQueries.listIssueEvents(db, scope, s.globex.issueId),
    (db, scope) => issueQueries.listIssueEvents(db, scope, b.issueId),
  ],
  getAttachment: (s, b) => [
    (db, scope) => getAttachment(db, scope, s.globex.attachmentId),
    (db, scope) => getAttachment(db, scope, s.noteAttachmentId),
    (db, scope) => getAttachment(db, scope, b.attachmentId),
  ],
  getAccount: (s, b) => [
    (db, scope) => getAccount(db, scope, s.globex.accountId),
    (db, scope) => getAccount(db, scope, b.accountId),
  ],
  listAccounts: () => [(db, scope) => listAccounts(db, scope, { limit: 50, q: "globex" }).then((r) => r.items)],
  getContact: (s, b) => [
    (db, scope) => getContact(db, scope, s.globex.contactId),
    (db, scope) => getContact(db, scope, s.carol.contactId),
    (db, scope) => getContact(db, scope, b.contactId),
  ],
  listContacts: (s) => [
    (db, scope) => listContacts(db, scope, { limit: 50, accountId: s.globex.accountId }).then((r) => r.items),
  ],
  getView: (s) => [(db, scope) => getView(db, scope, s.viewId)],
  listViewIssues: () => [
    (db, scope) => listViewIssues(db, scope, { filter: {}, sort: "priority" }, { limit: 50 }).then((r) => r.items),
  ],
  countViews: () => [(db, scope) => countViews(db, scope)],
  listOutbox: () => [(db, scope) => listOutbox(db, scope)],
  getOutboxEntry: (_s, b) => [(db, scope) => getOutboxEntry(db, scope, b.outboxId)],
};

/**
 * The query modules whose every read takes a scope, building blocks and agent-only reads excepted.
 * (Attachments share a module with agent-only queries: their rows above are named by hand.)
 */
const SCOPED_MODULES = { ...issueQueries, ...viewQueries, ...accountQueries, ...contactQueries };
const BUILDING_BLOCKS = ["issueListQuery", "issueFilterConditions", "textMatch", "viewFilterSql", "viewOrder"];
/** Reads that take the staff member's ids, not a scope: their routes go through staffOf. */
const AGENT_ONLY = ["listViews"];

let scoped: ScopeObjects;

describe("read scopes", () => {
  beforeAll(async () => {
    scoped = await arrangeCustomers(await buildWorkspace(app()));
  });
  const db = () => app().services.database.db;
  const acme = () =>
    customerScope(scoped.workspaceId, { contactId: scoped.acme.alice, accountId: scoped.acme.accountId });

  it("has a row for every scoped query", () => {
    const missing = Object.entries(SCOPED_MODULES)
      .filter(([name, value]) => typeof value === "function" && !BUILDING_BLOCKS.includes(name))
      .filter(([name]) => !AGENT_ONLY.includes(name))
      .map(([name]) => name)
      .filter((name) => !(name in CUSTOMER_READS));
    expect(missing, `add these queries to CUSTOMER_READS:\n${missing.join("\n")}`).toEqual([]);
  });

  it("never shows a customer another account's issues, another workspace's, or internal notes", async () => {
    const { globex } = scoped;
    const foreignIds = [
      ...[globex.accountId, globex.contactId, globex.issueId, globex.attachmentId],
      scoped.carol.contactId,
      scoped.noteAttachmentId,
      ...Object.entries(b.objects)
        .filter(([k]) => k !== "issueNumber")
        .map(([, v]) => String(v)),
    ];
    for (const [query, calls] of Object.entries(CUSTOMER_READS)) {
      for (const [i, call] of calls(scoped, b.objects).entries()) {
        const label = `${query} #${i + 1}`;
        const seen = await call(db(), acme()).catch((error: unknown) => error);
        if (seen instanceof AppError) expect(["not_found", "forbidden"], label).toContain(seen.code);
        else if (Array.isArray(seen)) expect(seen, label).toEqual([]);
        else expect(seen, label).toBeUndefined();
        const text = JSON.stringify(seen ?? null).toLowerCase();
        for (const word of NOT_FOR_ACME) expect(text, `${label} shows "${word}"`).not.toContain(word);
        for (const id of foreignIds) expect(text, `${label} leaks ${id}`).not.toContain(id);
      }
    }
  });

  it("shows a customer their account's issues and what was said to them", async () => {
    const issues = await issueQueries.listIssues(db(), acme(), {}, { limit: 50 });
    expect(issues.items.map((r) => r.issue.title).sort()).toEqual(["Acme invoices", "Acme login"]);
    expect((await issueQueries.getIssue(db(), acme(), scoped.acme.issueNumber)).issue.id).toBe(scoped.acme.issueId);
    // Search reads only what was said to them: a word of their issue's internal note finds nothing.
    expect((await issueQueries.listIssues(db(), acme(), { q: "invoices" }, { limit: 50 })).items).toHaveLength(1);
    expect((await issueQueries.listIssues(db(), acme(), { q: "ledger" }, { limit: 50 })).items).toEqual([]);

    const said = await issueQueries.listMessages(db(), acme(), scoped.acme.issueId);
    expect(said.map((r) => r.message.bodyText)).toEqual([
      "We are looking at the Acme invoices",
      "Alice: the invoices are still wrong",
      "Here is the corrected invoice",
    ]);
    const agentSees = await issueQueries.listMessages(db(), agentOf(), scoped.acme.issueId);
    expect(agentSees.map((r) => r.message.visibility)).toContain("internal");

    const events = await issueQueries.listIssueEvents(db(), acme(), scoped.acme.issueId);
    expect(events.map((e) => e.type)).toContain("created");
    expect(events.every((e) => (CUSTOMER_EVENT_TYPES as readonly string[]).includes(e.type))).toBe(true);
    expect(
      events.filter((e) => e.type === "message").every((e) => "visibility" in e.data && e.data.visibility === "public"),
    ).toBe(true);
    const allEvents = await issueQueries.listIssueEvents(db(), agentOf(), scoped.acme.issueId);
    expect(allEvents.length).toBeGreaterThan(events.length);

    expect((await getAttachment(db(), acme(), scoped.publicAttachmentId))?.filename).toBe("invoice.pdf");
    expect((await listAccounts(db(), acme(), { limit: 50 })).items.map((a) => a.name)).toEqual(["Acme"]);
    expect((await getAccount(db(), acme(), scoped.acme.accountId)).name).toBe("Acme");
    const people = (await listContacts(db(), acme(), { limit: 50 })).items.map((c) => c.name).sort();
    expect(people).toEqual(["Alice", "Bob"]);
  });

  it("narrows a customer to their own requests when the scope is restricted to them", async () => {
    const mine = customerScope(
      scoped.workspaceId,
      { contactId: scoped.acme.alice, accountId: scoped.acme.accountId },
      { contactId: scoped.acme.alice },
    );
    const titles = (await issueQueries.listIssues(db(), mine, {}, { limit: 50 })).items.map((r) => r.issue.title);
    expect(titles).toEqual(["Acme invoices"]);
    await expect(issueQueries.getIssue(db(), mine, scoped.acme.bobsIssue)).rejects.toMatchObject({ code: "not_found" });
  });

  it("shows a customer without an account only the issues they asked for", async () => {
    const carol = customerScope(scoped.workspaceId, { contactId: scoped.carol.contactId, accountId: null });
    const titles = (await issueQueries.listIssues(db(), carol, {}, { limit: 50 })).items.map((r) => r.issue.title);
    expect(titles).toEqual(["Carol cannot log in"]);
    expect((await listAccounts(db(), carol, { limit: 50 })).items).toEqual([]);
    expect((await listContacts(db(), carol, { limit: 50 })).items.map((c) => c.name)).toEqual(["Carol"]);
  });

  it("shows an agent every issue and note of the workspace, and one account's when restricted", async () => {
    const all = (await issueQueries.listIssues(db(), agentOf(), {}, { limit: 50 })).items;
    expect(all).toHaveLength(4);
    expect((await issueQueries.listIssues(db(), agentOf(), { q: "secretnote" }, { limit: 50 })).items).toHaveLength(1);
    const globexOnly = { ...agentOf(), restrict: { accountId: scoped.globex.accountId } };
    const titles = (await issueQueries.listIssues(db(), globexOnly, {}, { limit: 50 })).items.map((r) => r.issue.title);
    expect(titles).toEqual(["Globex outage"]);
  });

  it("refuses a customer actor every agent command", async () => {
    const asAlice = <T>(fn: (ctx: CommandContext) => Promise<T>) =>
      runCommand(
        app().services,
        {
          workspaceId: scoped.workspaceId,
          actor: contactActor({ contactId: scoped.acme.alice, accountId: scoped.acme.accountId }),
        },
        fn,
      );
    const n = scoped.acme.issueNumber;
    await expect(asAlice((ctx) => changeState(ctx, n, "closed"))).rejects.toMatchObject({ code: "forbidden" });
    await expect(asAlice((ctx) => assignIssue(ctx, n, { assigneeUserId: null }))).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      asAlice((ctx) => replyToIssue(ctx, n, { visibility: "internal", bodyText: "sneaky" })),
    ).rejects.toMatchObject({ code: "forbidden" });
    const issue = await issueQueries.getIssue(db(), agentOf(), n);
    expect(issue.issue.state).not.toBe("closed");
  });

  it("reads an agent's issues by id in their workspace only, in the order asked (a prepared statement)", async () => {
    const ids = [scoped.acme.issueId, b.objects.issueId, scoped.globex.issueId];
    const rows = await issueQueries.issueRowsByIds(db(), agentOf(), ids);
    expect(rows.map((r) => r.issue.id)).toEqual([scoped.acme.issueId, scoped.globex.issueId]);
  });

  function agentOf(): ReadScope {
    return agentScope(scoped.workspaceId, { userId: scopedAdmin, role: "admin" });
  }
});

let scopedAdmin = "";

/** A workspace with two customer accounts, a contact of none, notes and attachments. */
async function arrangeCustomers(ws: TestWorkspace): Promise<ScopeObjects> {
  scopedAdmin = ws.adminId;
  const as = api(app(), ws.admin);
  const ok = async (res: Awaited<ReturnType<typeof as.get>>) => {
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const account = (name: string) => as.post("/accounts", { name }).then(ok);
  const contact = (name: string, accountId?: string) =>
    as.post("/contacts", { name, email: `${name.split(" ")[0]?.toLowerCase()}@example.com`, accountId }).then(ok);
  const issue = (title: string, requesterContactId: string, accountId: string | undefined, body: string) =>
    as.post("/issues", { title, requesterContactId, accountId, body }).then(ok);
  const [acme, globex] = [await account("Acme"), await account("Globex")];
  const [alice, bob, gina, carol] = [
    await contact("Alice", acme.id),
    await contact("Bob", acme.id),
    await contact("Gina globex", globex.id),
    await contact("Carol"),
  ];
  const invoices = await issue("Acme invoices", alice.id, acme.id, "We are looking at the Acme invoices");
  const login = await issue("Acme login", bob.id, acme.id, "Bob, try a new password");
  const outage = await issue("Globex outage", gina.id, globex.id, "globex is down for us");
  const carols = await issue("Carol cannot log in", carol.id, undefined, "carol, we reset it");
  await customerSays(ws, invoices.number, "Alice: the invoices are still wrong", alice.id);
  await ok(
    await as.post(`/issues/${invoices.number}/messages`, { visibility: "internal", body: "secretnote: refund" }),
  );
  const view = await ok(await as.post("/views", { name: "Everything", ownerType: "workspace" }));

  // Attachments come with channel messages; no API creates them, so they are arranged directly.
  const db = app().services.database.db;
  const attach = async (issueId: string, filename: string, visibility: "public" | "internal", bodyText: string) => {
    const [file] = await db
      .insert(attachments)
      .values({
        workspaceId: ws.workspaceId,
        issueId,
        filename,
        contentType: "text/plain",
        size: 1,
        contentBase64: "eA==",
      })
      .returning();
    if (!file) throw new Error("attachment insert returned nothing");
    const ref = { id: file.id, filename, contentType: "text/plain", size: 1 };
    await db
      .insert(messages)
      .values({ workspaceId: ws.workspaceId, issueId, authorType: "user", visibility, bodyText, attachments: [ref] });
    return file.id;
  };
  const publicAttachmentId = await attach(invoices.id, "invoice.pdf", "public", "Here is the corrected invoice");
  const noteAttachmentId = await attach(invoices.id, "secretnote.txt", "internal", "secretnote: ledger export");
  const globexAttachmentId = await attach(outage.id, "globex.txt", "public", "globex logs");
  await settled();
  return {
    workspaceId: ws.workspaceId,
    acme: {
      accountId: acme.id,
      alice: alice.id,
      bob: bob.id,
      issueId: invoices.id,
      issueNumber: invoices.number,
      bobsIssue: login.number,
    },
    globex: {
      accountId: globex.id,
      contactId: gina.id,
      issueId: outage.id,
      issueNumber: outage.number,
      attachmentId: globexAttachmentId,
    },
    carol: { contactId: carol.id, issueNumber: carols.number },
    publicAttachmentId,
    noteAttachmentId,
    viewId: view.id,
  };
}

/**
 * Every job done but system mail: workspace B's SMTP server (arranged above) is fictional, so its
 * mails (a new user's set-password link) keep retrying, and nothing here reads them. The SLA sweep
 * runs first: a new policy marks open issues for the minute's sweep, and without this the cron
 * could apply B's policy between two snapshots (seen once under load).
 */
async function settled() {
  await app().services.jobs.enqueue("sla.refresh", { workspaceId: "all" });
  return app().services.jobs.idle((Object.keys(JOB_CATALOG) as JobName[]).filter((n) => n !== "account.mail"));
}

// ---- the portal: the customer HTTP surface over the same scopes ---------------------------

describe("portal", () => {
  /** A signed-in portal customer (the session row the code login would write). */
  const portalAs = async (workspaceId: string, contactId: string) => {
    const token = `sbc_${randomUUID()}`;
    await app()
      .services.database.db.insert(portalSessions)
      .values({
        workspaceId,
        contactId,
        tokenHash: portalTokenHash(token),
        expiresAt: new Date(Date.now() + 3600_000),
      });
    return portalClient(app(), `sb_portal=${token}`);
  };
  const contactIn = async (ws: TestWorkspace, name: string, accountId: string, portalAdmin = false) => {
    const res = await api(app(), ws.admin).post("/contacts", {
      name,
      email: `${randomUUID()}@${name}.example`,
      accountId,
      portalAdmin,
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const submitted = async (client: ReturnType<typeof portalClient>, formId: string) => {
    const res = await client.post(`/forms/${formId}/submit`, {
      subject: "Portal request",
      description: "details",
      fields: {},
      clientId: randomUUID(),
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { issue: { number: number } }).issue.number;
  };

  it("answers 404 to a contact for B's issues, another account's, and a colleague's unless portal admin", async () => {
    const accountOf = async (ws: TestWorkspace, name: string) => {
      const res = await api(app(), ws.admin).post("/accounts", { name: `${name} ${randomUUID()}` });
      return (res.json() as { id: string }).id;
    };
    const [north, south, bAccount] = [
      await accountOf(a.ws, "North"),
      await accountOf(a.ws, "South"),
      await accountOf(b.ws, "Bee"),
    ];
    const asker = await portalAs(a.ws.workspaceId, await contactIn(a.ws, "asker", north));
    const colleague = await portalAs(a.ws.workspaceId, await contactIn(a.ws, "colleague", north));
    const portalAdmin = await portalAs(a.ws.workspaceId, await contactIn(a.ws, "lead", north, true));
    const stranger = await portalAs(a.ws.workspaceId, await contactIn(a.ws, "stranger", south, true));
    const bCustomer = await portalAs(b.ws.workspaceId, await contactIn(b.ws, "bee", bAccount, true));

    const aIssue = await submitted(asker, a.objects.portalFormId);
    const bIssue = await submitted(bCustomer, b.objects.portalFormId);
    expect((await asker.get(`/issues/${aIssue}`)).statusCode).toBe(200);
    expect((await portalAdmin.get(`/issues/${aIssue}`)).statusCode).toBe(200);
    for (const [who, number] of [
      [colleague, aIssue],
      [stranger, aIssue],
      [bCustomer, aIssue],
      [asker, bIssue],
      [portalAdmin, bIssue],
    ] as const) {
      expectError(await who.get(`/issues/${number}`), 404, "not_found");
      expectError(
        await who.post(`/issues/${number}/messages`, { text: "x", clientId: randomUUID() }),
        404,
        "not_found",
      );
      expectError(await who.post(`/issues/${number}/csat`, { score: 1 }), 404, "not_found");
    }
    // Forms are the workspace's own: B's form does not exist for A's customers.
    expectError(
      await asker.post(`/forms/${b.objects.portalFormId}/submit`, {
        subject: "x",
        description: "x",
        fields: {},
        clientId: randomUUID(),
      }),
      404,
      "not_found",
    );
    const listed = ((await bCustomer.get("/issues?scope=account")).json() as { items: { number: number }[] }).items;
    expect(listed.map((i) => i.number)).toEqual([bIssue]);
  });
});
/** A webhook (to a name that never resolves) and one delivery of it, written as the dispatcher would. */
async function webhookObjects(
  as: ReturnType<typeof api>,
  ws: TestWorkspace,
  word: string,
  issue: { id: string; number: number },
) {
  const res = await as.post("/webhooks", {
    url: `https://hooks.${word}.test/in`,
    eventTypes: ["created"],
    description: word,
  });
  expect(res.statusCode, res.body).toBe(201);
  const hook = res.json();
  const [delivery] = await app()
    .services.database.db.insert(webhookDeliveries)
    .values({
      workspaceId: ws.workspaceId,
      webhookId: hook.webhook.id,
      eventSeq: 1,
      eventType: "created",
      issueId: issue.id,
      issueNumber: issue.number,
      body: JSON.stringify({ type: "created", title: word }),
      status: "delivered",
    })
    .returning();
  if (!delivery) throw new Error("no delivery");
  return { webhookId: hook.webhook.id as string, webhookDeliveryId: delivery.id };
}
