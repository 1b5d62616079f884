// /invitations: admins invite colleagues (list, invite, revoke, resend); the colleague's link
// opens the public lookup and accept routes, which sign them in.
import {
  AcceptInvitationInput,
  CreateInvitationInput,
  IdParams,
  Invitation,
  InvitationPreview,
  items,
  LinkTokenInput,
  Ok,
  replies,
  Session,
} from "@switchboard/api";
import type { AccountLinkRow } from "../../commands/accountLinks";
import * as invitations from "../../commands/invitations";
import { invitationPreview, listInvitations } from "../../queries/accountSettings";
import { staffOf } from "../../queries/scope";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import { signIn } from "../signIn";
import type { ZodApp } from "./types";

const LINK_PER_IP = { max: 30, timeWindow: "15 minutes" };

function presentInvitation(link: AccountLinkRow, invitedBy: string | null) {
  return {
    id: link.id,
    email: link.email,
    name: link.name,
    role: link.role ?? "member",
    teamIds: link.teamIds,
    invitedBy,
    status: link.expiresAt > new Date() ? ("pending" as const) : ("expired" as const),
    expiresAt: link.expiresAt,
    createdAt: link.createdAt,
  };
}

export function invitationRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const opts = { preHandler: requirePrincipal };
  const S = {
    list: { tags: ["invitations"], response: replies({ 200: items(Invitation) }, ...LIST_ERRORS) },
    create: {
      body: CreateInvitationInput,
      tags: ["invitations"],
      response: replies({ 201: Invitation }, ...WRITE_ERRORS),
    },
    revoke: { params: IdParams, tags: ["invitations"], response: replies({ 200: Ok }, ...ITEM_ERRORS) },
    resend: { params: IdParams, tags: ["invitations"], response: replies({ 200: Invitation }, ...WRITE_ERRORS) },
    lookup: {
      body: LinkTokenInput,
      tags: ["invitations"],
      response: replies({ 200: InvitationPreview }, 400, 404, 429),
    },
    accept: {
      body: AcceptInvitationInput,
      tags: ["invitations"],
      response: replies({ 200: Session }, 400, 404, 409, 429),
    },
  };

  app.get("/invitations", { ...opts, schema: S.list }, async (request) => {
    const rows = await listInvitations(services.database.db, staffOf(scopeOf(request)).workspaceId);
    return { items: rows.map((r) => presentInvitation(r.link, r.invitedBy)) };
  });

  app.post("/invitations", { ...opts, schema: S.create }, async (request, reply) => {
    const row = await command(request, (ctx) => invitations.createInvitation(ctx, request.body));
    reply.status(201);
    return presentInvitation(row, principalName(request));
  });

  app.delete("/invitations/:id", { ...opts, schema: S.revoke }, async (request) => {
    await command(request, (ctx) => invitations.revokeInvitation(ctx, request.params.id));
    return { ok: true };
  });

  app.post("/invitations/:id/resend", { ...opts, schema: S.resend }, async (request) => {
    const row = await command(request, (ctx) => invitations.resendInvitation(ctx, request.params.id));
    return presentInvitation(row, principalName(request));
  });

  app.post("/invitations/lookup", { schema: S.lookup, config: { rateLimit: LINK_PER_IP } }, async (request) => ({
    ...(await invitationPreview(services.database.db, request.body.token)),
  }));

  app.post("/invitations/accept", { schema: S.accept, config: { rateLimit: LINK_PER_IP } }, async (request, reply) => {
    const user = await invitations.acceptInvitation(services, request.body);
    return signIn(services, request, reply, user);
  });
}

const principalName = (request: { principal?: { name: string } }) => request.principal?.name ?? null;
