// /me: the signed-in person's own account — name, email change, password change, sessions.
import {
  ChangeEmailInput,
  ChangePasswordInput,
  EmailChangePending,
  IdParams,
  items,
  Ok,
  PasswordChanged,
  replies,
  SignedInSession,
  UpdateMeInput,
  User,
} from "@switchboard/api";
import { changePassword } from "../../commands/passwords";
import { requestEmailChange, revokeSession } from "../../commands/profile";
import { updateUser } from "../../commands/team";
import { listSessions } from "../../queries/accountSettings";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { presentUser } from "../presenters";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function meRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const opts = { preHandler: requirePrincipal };
  const S = {
    patchMe: { body: UpdateMeInput, tags: ["me"], response: replies({ 200: User }, ...WRITE_ERRORS) },
    postPassword: {
      body: ChangePasswordInput,
      tags: ["me"],
      response: replies({ 200: PasswordChanged }, ...WRITE_ERRORS),
    },
    postEmail: {
      body: ChangeEmailInput,
      tags: ["me"],
      response: replies({ 202: EmailChangePending }, ...WRITE_ERRORS),
    },
    getSessions: { tags: ["me"], response: replies({ 200: items(SignedInSession) }, ...LIST_ERRORS) },
    deleteSession: { params: IdParams, tags: ["me"], response: replies({ 200: Ok }, ...ITEM_ERRORS) },
  };

  app.patch("/me", { ...opts, schema: S.patchMe }, async (request) =>
    presentUser(await command(request, (ctx, p) => updateUser(ctx, p.userId, { name: request.body.name }))),
  );

  app.post("/me/password", { ...opts, schema: S.postPassword }, async (request) => {
    const { signedOut } = await command(request, (ctx, p) =>
      changePassword(ctx, { ...request.body, keepSessionId: p.sessionId }),
    );
    return { ok: true, signedOut };
  });

  app.post("/me/email", { ...opts, schema: S.postEmail }, async (request, reply) => {
    const { pendingEmail } = await command(request, (ctx) => requestEmailChange(ctx, request.body));
    reply.status(202);
    return { ok: true, pendingEmail };
  });

  app.get("/me/sessions", { ...opts, schema: S.getSessions }, async (request) => {
    const p = principalOf(request);
    const rows = await listSessions(services.database.db, p.userId);
    return {
      items: rows.map((s) => ({
        id: s.id,
        userAgent: s.userAgent,
        ip: s.ip,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        current: s.id === p.sessionId,
      })),
    };
  });

  app.delete("/me/sessions/:id", { ...opts, schema: S.deleteSession }, async (request) => {
    await command(request, (ctx) => revokeSession(ctx, request.params.id));
    return { ok: true };
  });
}
