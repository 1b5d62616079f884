// One-time links mailed to people: a random secret whose SHA-256 is stored, an expiry, and a
// use that happens once (the UPDATE that marks it used is the check, so two clicks race safely).
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { type AccountLinkKind, accountLinks } from "../db/schema";
import { AppError } from "../domain/errors";
import { liveLink } from "../queries/accountSettings";
import { hashSecret, newSecret } from "./auth";
import { type CommandContext, nowOf } from "./context";

export type AccountLinkRow = typeof accountLinks.$inferSelect;

export const LINK_LIFETIME_MS: Record<AccountLinkKind, number> = {
  password_reset: 3600_000,
  // The CLI prints it for the first admin of a scripted install: they may open it the next day.
  set_password: 7 * 24 * 3600_000,
  invitation: 7 * 24 * 3600_000,
  email_change: 24 * 3600_000,
};

export interface NewLink {
  kind: AccountLinkKind;
  email: string;
  userId?: string | null;
  role?: AccountLinkRow["role"];
  teamIds?: string[];
  name?: string | null;
}

/**
 * Stores a link and returns its secret, for a link shown once (the CLI's set-password link). A
 * mailed link ignores it: the mail sender mints the secret the mail carries (`mintLinkSecret`).
 */
export async function issueLink(ctx: CommandContext, link: NewLink): Promise<{ secret: string; row: AccountLinkRow }> {
  const secret = newSecret("sbl");
  const [row] = await ctx.tx
    .insert(accountLinks)
    .values({
      workspaceId: ctx.workspaceId,
      kind: link.kind,
      tokenHash: hashSecret(secret),
      email: link.email.toLowerCase(),
      userId: link.userId ?? null,
      role: link.role ?? null,
      teamIds: link.teamIds ?? [],
      name: link.name ?? null,
      createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      expiresAt: new Date(nowOf(ctx).getTime() + LINK_LIFETIME_MS[link.kind]),
    })
    .returning();
  if (!row) throw new Error("account link insert returned nothing");
  return { secret, row };
}

/** Gives an existing link a new secret and a new lifetime (resend): the old link stops working at once. */
export async function renewLink(ctx: CommandContext, id: string): Promise<{ secret: string; row: AccountLinkRow }> {
  const secret = newSecret("sbl");
  const [current] = await ctx.tx.select().from(accountLinks).where(eq(accountLinks.id, id));
  if (!current) throw new Error("renewing a link that does not exist");
  const [row] = await ctx.tx
    .update(accountLinks)
    .set({
      tokenHash: hashSecret(secret),
      expiresAt: new Date(nowOf(ctx).getTime() + LINK_LIFETIME_MS[current.kind]),
    })
    .where(eq(accountLinks.id, id))
    .returning();
  if (!row) throw new Error("link vanished");
  return { secret, row };
}

/**
 * Gives a live link the secret its mail carries, at the moment the mail is composed: the secret
 * exists only in that mail (and in memory), never in a job payload or a table. A retried send
 * mints again, so an earlier attempt's link stops working. Undefined when the link was used,
 * revoked or expired meanwhile: nothing to mail.
 */
export async function mintLinkSecret(ctx: CommandContext, linkId: string): Promise<string | undefined> {
  const secret = newSecret("sbl");
  const rows = await ctx.tx
    .update(accountLinks)
    .set({ tokenHash: hashSecret(secret) })
    .where(
      and(
        eq(accountLinks.workspaceId, ctx.workspaceId),
        eq(accountLinks.id, linkId),
        isNull(accountLinks.usedAt),
        isNull(accountLinks.revokedAt),
        gt(accountLinks.expiresAt, nowOf(ctx)),
      ),
    )
    .returning({ id: accountLinks.id });
  return rows.length > 0 ? secret : undefined;
}

const EXPIRED = "This link has expired or was already used. Ask for a new one.";

export { liveLink };

/** Marks the link used; refuses when another request used it first. */
export async function useLink(db: Executor, link: AccountLinkRow): Promise<void> {
  const rows = await db
    .update(accountLinks)
    .set({ usedAt: new Date() })
    .where(and(eq(accountLinks.id, link.id), isNull(accountLinks.usedAt), isNull(accountLinks.revokedAt)))
    .returning({ id: accountLinks.id });
  if (rows.length === 0) throw new AppError("not_found", EXPIRED);
}

/** Revokes the unused links of `kind` for a person, so only the newest one works. */
export async function revokeLinks(
  ctx: CommandContext,
  kind: AccountLinkKind,
  who: { userId?: string; email?: string },
): Promise<void> {
  const person = who.userId
    ? eq(accountLinks.userId, who.userId)
    : eq(accountLinks.email, (who.email ?? "").toLowerCase());
  await ctx.tx
    .update(accountLinks)
    .set({ revokedAt: nowOf(ctx) })
    .where(
      and(
        eq(accountLinks.workspaceId, ctx.workspaceId),
        eq(accountLinks.kind, kind),
        person,
        isNull(accountLinks.usedAt),
        isNull(accountLinks.revokedAt),
      ),
    );
}
