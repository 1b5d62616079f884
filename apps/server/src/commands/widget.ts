// The chat widget's writes: admins create widgets and rotate their identity secret (shown once,
// stored sealed); a boot opens a customer session; the customer marks a conversation seen.
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { messages, widgetSeen, widgetSessions, widgets } from "../db/schema";
import { conflict, forbidden, notFound } from "../domain/errors";
import type { SecretBox } from "../domain/secrets";
import { editableUntil, tokenHash, WIDGET_EDIT_MINUTES } from "../domain/widget";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";
import { replaceMessageText } from "./messageEdits";

/** How long a widget session lives; the widget boots again after it (silently, on the host page). */
export const WIDGET_SESSION_DAYS = 30;

const newSecret = () => randomBytes(32).toString("hex");

export async function createWidget(
  ctx: CommandContext,
  secrets: SecretBox,
  input: { name: string; fallbackMinutes?: number; appId?: string },
) {
  authorize(ctx, "settings.write");
  const secret = newSecret();
  const [row] = await ctx.tx
    .insert(widgets)
    .values({
      workspaceId: ctx.workspaceId,
      appId: input.appId ?? `wid_${randomBytes(9).toString("base64url")}`,
      name: input.name,
      secretSealed: secrets.seal(secret),
      fallbackMinutes: input.fallbackMinutes ?? 10,
    })
    .returning();
  if (!row) throw new Error("widget insert returned nothing");
  await recordSettingChange(ctx, { type: "widget", id: row.id }, null, row);
  await ctx.notify({ kind: "settings", id: row.id, action: "widget.created" });
  return { ...row, secret };
}

/** A new secret; the old one stops verifying at once (sessions already open stay open). */
export async function rotateWidgetSecret(ctx: CommandContext, secrets: SecretBox, widgetId: string) {
  authorize(ctx, "settings.write");
  const secret = newSecret();
  const [before] = await ctx.tx
    .select()
    .from(widgets)
    .where(and(eq(widgets.workspaceId, ctx.workspaceId), eq(widgets.id, widgetId)))
    .for("update");
  if (!before) throw notFound("Widget");
  const [row] = await ctx.tx
    .update(widgets)
    .set({ secretSealed: secrets.seal(secret), secretRotatedAt: nowOf(ctx), updatedAt: nowOf(ctx) })
    .where(and(eq(widgets.workspaceId, ctx.workspaceId), eq(widgets.id, widgetId)))
    .returning();
  if (!row) throw notFound("Widget");
  // The whole row on both sides; the audit keeps what changed, the sealed secret as "[redacted]".
  await recordSettingChange(ctx, { type: "widget", id: row.id }, before, row);
  await ctx.notify({ kind: "settings", id: row.id, action: "widget.rotated" });
  return { ...row, secret };
}

export async function deleteWidget(ctx: CommandContext, widgetId: string) {
  authorize(ctx, "settings.write");
  const rows = await ctx.tx
    .delete(widgets)
    .where(and(eq(widgets.workspaceId, ctx.workspaceId), eq(widgets.id, widgetId)))
    .returning();
  const [gone] = rows;
  if (!gone) throw notFound("Widget");
  await recordSettingChange(ctx, { type: "widget", id: widgetId }, gone, null);
}

export interface WidgetSessionInput {
  widgetId: string;
  verified: boolean;
  email: string | null;
  name: string | null;
}

/** A booted widget's session; the bearer token goes to the browser, only its hash is kept. */
export async function openWidgetSession(ctx: CommandContext, input: WidgetSessionInput) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(nowOf(ctx).getTime() + WIDGET_SESSION_DAYS * 86_400_000);
  const [row] = await ctx.tx
    .insert(widgetSessions)
    .values({
      workspaceId: ctx.workspaceId,
      widgetId: input.widgetId,
      tokenHash: tokenHash(token),
      verified: input.verified,
      email: input.verified ? input.email : null,
      name: input.name,
      visitorKey: `widget-visitor:${randomBytes(12).toString("hex")}`,
      expiresAt,
    })
    .returning();
  if (!row) throw new Error("widget session insert returned nothing");
  return { session: row, token };
}

/** The customer saw the conversation up to now: its unread count drops, no email fallback follows. */
export async function markWidgetSeen(ctx: CommandContext, issueId: string) {
  const at = nowOf(ctx);
  await ctx.tx
    .insert(widgetSeen)
    .values({ issueId, workspaceId: ctx.workspaceId, seenAt: at })
    .onConflictDoUpdate({ target: widgetSeen.issueId, set: { seenAt: sql`greatest(${widgetSeen.seenAt}, ${at})` } });
}

/**
 * The customer corrects one of their own chat messages, within WIDGET_EDIT_MINUTES of sending it.
 * Agents' replies (and the customer's messages of other channels) are not theirs to edit.
 */
export async function editWidgetMessage(
  ctx: CommandContext,
  input: { issueId: string; messageId: string; contactId: string; text: string },
) {
  const [message] = await ctx.tx
    .select({
      id: messages.id,
      issueId: messages.issueId,
      bodyText: messages.bodyText,
      authorContactId: messages.authorContactId,
      channel: messages.channel,
      createdAt: messages.createdAt,
      deletedAt: messages.deletedAt,
    })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        eq(messages.issueId, input.issueId),
        eq(messages.id, input.messageId),
        eq(messages.visibility, "public"),
      ),
    );
  if (!message || message.deletedAt) throw notFound("Message");
  if (message.authorContactId !== input.contactId || message.channel !== "widget")
    throw forbidden("Only your own chat messages can be edited.");
  const at = nowOf(ctx);
  if (at > editableUntil(message.createdAt))
    throw conflict(`A message can be edited for ${WIDGET_EDIT_MINUTES} minutes after it was sent.`);
  if (message.bodyText === input.text) return;
  await replaceMessageText(ctx, message, input.text, at);
}
