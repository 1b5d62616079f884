// Drafts per issue and person, taking a reply back within the undo window, and the window's
// workspace setting (issue 26: the keyboard loop, safe).
import {
  type Draft,
  DraftList,
  IdParams,
  IssueNumberParams,
  MaybeDraft,
  Ok,
  type Presented,
  PutDraftInput,
  replies,
  SendingSettings,
  WithdrawnReply,
} from "@switchboard/api";
import { discardDraft, saveDraft } from "../../commands/drafts";
import { setUndoSendSeconds, undoSendSeconds, withdrawReply } from "../../commands/sending";
import { listDrafts } from "../../queries/drafts";
import { getIssue } from "../../queries/issues";
import { principalOf, requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

type DraftRow = Awaited<ReturnType<typeof listDrafts>>[number];
const presentDraft = (d: DraftRow): Presented<typeof Draft> => ({
  issueNumber: d.issueNumber,
  visibility: d.visibility,
  body: d.body,
  updatedAt: d.updatedAt,
});

export function draftRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["drafts"];

  /** Input and response schemas of the routes below. */
  const S = {
    getDrafts: { tags, response: replies({ 200: DraftList }, ...LIST_ERRORS) },
    getIssueDraft: { params: IssueNumberParams, tags, response: replies({ 200: MaybeDraft }, ...ITEM_ERRORS) },
    putIssueDraft: {
      params: IssueNumberParams,
      body: PutDraftInput,
      tags,
      response: replies({ 200: MaybeDraft }, ...WRITE_ERRORS),
    },
    deleteIssueDraft: { params: IssueNumberParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    postUndo: { params: IdParams, tags, response: replies({ 200: WithdrawnReply }, ...WRITE_ERRORS) },
    getSending: { tags, response: replies({ 200: SendingSettings }, ...LIST_ERRORS) },
    patchSending: { body: SendingSettings, tags, response: replies({ 200: SendingSettings }, ...WRITE_ERRORS) },
  };

  app.get("/drafts", { ...opts, schema: S.getDrafts }, async (request) => {
    const p = principalOf(request);
    return { items: (await listDrafts(db(), p.workspaceId, p.userId)).map(presentDraft) };
  });

  app.get("/issues/:number/draft", { ...opts, schema: S.getIssueDraft }, async (request) => {
    const p = principalOf(request);
    const { number } = request.params;
    await getIssue(db(), scopeOf(request), number);
    const [draft] = await listDrafts(db(), p.workspaceId, p.userId, number);
    return { draft: draft ? presentDraft(draft) : null };
  });

  app.put("/issues/:number/draft", { ...opts, schema: S.putIssueDraft }, async (request) => {
    const draft = await command(request, (ctx) => saveDraft(ctx, request.params.number, request.body));
    return { draft: draft ? presentDraft(draft) : null };
  });

  app.delete("/issues/:number/draft", { ...opts, schema: S.deleteIssueDraft }, async (request) => {
    await command(request, (ctx) => discardDraft(ctx, request.params.number));
    return { ok: true };
  });

  // A reply whose delivery has not started is taken back whole; its text returns to the composer.
  app.post("/messages/:id/undo", { ...opts, schema: S.postUndo }, async (request) => {
    const { issue, message } = await command(request, (ctx) => withdrawReply(ctx, request.params.id));
    return { issueNumber: issue.number, visibility: message.visibility, body: message.bodyText };
  });

  app.get("/settings/sending", { ...opts, schema: S.getSending }, async (request) => ({
    undoSendSeconds: await command(request, (ctx) => undoSendSeconds(ctx)),
  }));

  app.patch("/settings/sending", { ...opts, schema: S.patchSending }, async (request) => ({
    undoSendSeconds: await command(request, (ctx) => setUndoSendSeconds(ctx, request.body.undoSendSeconds)),
  }));
}
