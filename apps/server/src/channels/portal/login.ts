// Signing in to the portal: the workspace a portal URL names (/portal/<domain>), a login asked for
// by email (the same answer for a known and an unknown address), and the code or magic link that
// opens a customer session once.
import { runCommand } from "../../commands/context";
import {
  endPortalSession,
  portalTokenHash,
  requestPortalLogin,
  useLoginCode,
  useLoginLink,
} from "../../commands/portal";
import { AppError, notFound } from "../../domain/errors";
import { onlyWorkspace } from "../../queries/knowledge";
import { type PortalCustomer, portalCustomer, workspaceOfDomain, workspaceOfLink } from "../../queries/portal";
import type { Services } from "../../services";

const LOGIN_ACTOR = { type: "system", name: "portal login" } as const;

/** The workspace of a portal: by its domain, or the only one of a single-workspace install. */
export async function siteOf(services: Services, domain: string | undefined) {
  const db = services.database.db;
  const only = domain ? undefined : await onlyWorkspace(db);
  const name = domain ?? only?.domain;
  const workspace = name ? await workspaceOfDomain(db, name) : undefined;
  if (!workspace) throw notFound("Portal");
  return { id: workspace.id, name: workspace.name, domain: workspace.domain };
}

export async function requestLogin(services: Services, input: { email: string; site?: string }): Promise<void> {
  const site = await siteOf(services, input.site);
  await runCommand(services, { workspaceId: site.id, actor: LOGIN_ACTOR }, (ctx) =>
    requestPortalLogin(ctx, input.email),
  );
}

export async function logInWithCode(services: Services, input: { email: string; code: string; site?: string }) {
  const site = await siteOf(services, input.site);
  // The failed attempt must count even though the login is refused: commit it, then refuse.
  const outcome = await runCommand(services, { workspaceId: site.id, actor: LOGIN_ACTOR }, async (ctx) => {
    try {
      return { ok: await useLoginCode(ctx, input.email, input.code) };
    } catch (error) {
      if (error instanceof AppError) return { refused: error };
      throw error;
    }
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome.ok;
}

export async function logInWithLink(services: Services, token: string) {
  const workspaceId = await workspaceOfLink(services.database.db, portalTokenHash(token));
  if (!workspaceId) throw new AppError("unauthenticated", "That link is used or expired. Ask for a new one.");
  return runCommand(services, { workspaceId, actor: LOGIN_ACTOR }, (ctx) => useLoginLink(ctx, token));
}

export async function customerOfToken(services: Services, token: string | undefined): Promise<PortalCustomer> {
  const now = services.now?.() ?? new Date();
  const customer = token ? await portalCustomer(services.database.db, portalTokenHash(token), now) : undefined;
  if (!customer) throw new AppError("unauthenticated", "Sign in to the portal: this session is unknown or expired.");
  return customer;
}

export async function logOut(services: Services, customer: PortalCustomer, token: string): Promise<void> {
  await runCommand(services, { workspaceId: customer.workspaceId, actor: LOGIN_ACTOR }, (ctx) =>
    endPortalSession(ctx, token),
  );
}
