// Read models of accounts and the workspace: one's sessions, pending invitations, what a
// one-time link is for (shown before its form), and the workspace's settings.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { type AccountLinkKind, accountLinks, sessions, teams, users, workspaces } from "../db/schema";
import { AppError, notFound } from "../domain/errors";

const EXPIRED = "This link has expired or was already used. Ask for a new one.";

/** The live link (unused, unrevoked, unexpired) of one of `kinds` with this secret; 404 otherwise. */
export async function liveLink(db: Executor, kinds: readonly AccountLinkKind[], secret: string) {
  const [row] = await db
    .select()
    .from(accountLinks)
    .where(
      and(
        eq(accountLinks.tokenHash, createHash("sha256").update(secret).digest("hex")),
        inArray(accountLinks.kind, [...kinds]),
        isNull(accountLinks.usedAt),
        isNull(accountLinks.revokedAt),
        gt(accountLinks.expiresAt, new Date()),
      ),
    );
  if (!row) throw new AppError("not_found", EXPIRED);
  return row;
}

export async function listSessions(db: Executor, userId: string) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.createdAt));
}

/** Invitations not yet accepted nor revoked, expired ones included (they can be resent). */
export async function listInvitations(db: Executor, workspaceId: string) {
  return db
    .select({ link: accountLinks, invitedBy: users.name })
    .from(accountLinks)
    .leftJoin(users, eq(users.id, accountLinks.createdBy))
    .where(
      and(
        eq(accountLinks.workspaceId, workspaceId),
        eq(accountLinks.kind, "invitation"),
        isNull(accountLinks.usedAt),
        isNull(accountLinks.revokedAt),
      ),
    )
    .orderBy(asc(accountLinks.createdAt));
}

export async function getWorkspace(db: Executor, workspaceId: string) {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!row) throw notFound("Workspace");
  return row;
}

/** The workspace's own email domains, lower-cased (`domain` is the first of `domains`): colleagues' mail. */
export async function workspaceDomains(db: Executor, workspaceId: string): Promise<string[]> {
  const [row] = await db
    .select({ domain: workspaces.domain, domains: workspaces.domains })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row ? ownDomains(row) : [];
}

/** A workspace's own domains (its main one first), lower-cased and each once. */
export function ownDomains(row: { domain: string; domains: readonly string[] }): string[] {
  return [...new Set([row.domain, ...row.domains].map((d) => d.toLowerCase()))];
}

export async function invitationPreview(db: Executor, secret: string) {
  const link = await liveLink(db, ["invitation"], secret);
  const workspace = await getWorkspace(db, link.workspaceId);
  const [inviter] = link.createdBy
    ? await db.select({ name: users.name }).from(users).where(eq(users.id, link.createdBy))
    : [];
  const teamRows =
    link.teamIds.length === 0
      ? []
      : await db
          .select({ name: teams.name })
          .from(teams)
          .where(and(eq(teams.workspaceId, link.workspaceId), inArray(teams.id, link.teamIds)));
  return {
    email: link.email,
    name: link.name,
    role: link.role ?? "member",
    workspaceName: workspace.name,
    invitedBy: inviter?.name ?? null,
    teams: teamRows.map((t) => t.name),
  } as const;
}

export async function passwordLinkPreview(db: Executor, secret: string) {
  const link = await liveLink(db, ["password_reset", "set_password"], secret);
  const workspace = await getWorkspace(db, link.workspaceId);
  const [user] = link.userId ? await db.select().from(users).where(eq(users.id, link.userId)) : [];
  if (!user) throw notFound("Account");
  const kind = link.kind === "set_password" ? "set_password" : "password_reset";
  return { email: user.email, name: user.name, workspaceName: workspace.name, kind } as const;
}
