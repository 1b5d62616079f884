// Public routes behind the links people receive by email: password reset (request, look up,
// set) and email-change confirmation. The reset request answers the same whether or not the
// address has an account, and is limited per IP and per address.
import {
  EmailChanged,
  LinkTokenInput,
  Ok,
  PasswordLink,
  RequestPasswordResetInput,
  ResetPasswordInput,
  replies,
  Session,
} from "@switchboard/api";
import { requestPasswordReset, resetPassword } from "../../commands/passwords";
import { confirmEmailChange } from "../../commands/profile";
import { passwordLinkPreview } from "../../queries/accountSettings";
import type { RouteDeps } from "../context";
import { keyedLimiter } from "../keyedLimiter";
import { signIn } from "../signIn";
import type { ZodApp } from "./types";

/** Per IP: @fastify/rate-limit, as the login route. Per address: at most 3 mails an hour. */
const PER_IP = { max: 10, timeWindow: "15 minutes" };
const LINK_PER_IP = { max: 30, timeWindow: "15 minutes" };

export function passwordResetRoutes(app: ZodApp, { services }: RouteDeps) {
  const perAddress = keyedLimiter({ max: 3, windowMs: 3600_000, what: "reset requests for this address" });
  const S = {
    request: { body: RequestPasswordResetInput, tags: ["auth"], response: replies({ 202: Ok }, 400, 429) },
    lookup: { body: LinkTokenInput, tags: ["auth"], response: replies({ 200: PasswordLink }, 400, 404, 429) },
    confirm: { body: ResetPasswordInput, tags: ["auth"], response: replies({ 200: Session }, 400, 404, 429) },
    email: { body: LinkTokenInput, tags: ["auth"], response: replies({ 200: EmailChanged }, 400, 404, 409, 429) },
  };

  app.post("/auth/password-reset", { schema: S.request, config: { rateLimit: PER_IP } }, async (request, reply) => {
    perAddress.hit(request.body.email.toLowerCase());
    await requestPasswordReset(services, request.body.email);
    reply.status(202);
    return { ok: true };
  });

  app.post("/auth/password-reset/lookup", { schema: S.lookup, config: { rateLimit: LINK_PER_IP } }, async (request) =>
    passwordLinkPreview(services.database.db, request.body.token),
  );

  app.post(
    "/auth/password-reset/confirm",
    { schema: S.confirm, config: { rateLimit: LINK_PER_IP } },
    async (request, reply) => {
      const user = await resetPassword(services, request.body.token, request.body.password);
      return signIn(services, request, reply, user);
    },
  );

  app.post("/auth/email-change/confirm", { schema: S.email, config: { rateLimit: LINK_PER_IP } }, async (request) => {
    const user = await confirmEmailChange(services, request.body.token);
    return { ok: true, userId: user.id, email: user.email };
  });
}
