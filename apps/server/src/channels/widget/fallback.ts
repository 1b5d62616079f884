// The email fallback: an agent's reply the customer has not seen in the widget within the
// widget's fallbackMinutes goes to them by email as well, through the email channel's sender
// (threaded, with the plus-address Reply-To that leads an answer back to the same issue).
// Only verified customers are emailed: an anonymous visitor's claimed address is not theirs for sure.
import { and, eq, sql } from "drizzle-orm";
import type { OutboundSender } from "../../commands/outbound";
import { contacts, issues, messages, widgetFallbacks, widgetSeen, widgets } from "../../db/schema";
import type { Services } from "../../services";

const BATCH = 100;

export async function emailUnseenReplies(
  services: Services,
  email: OutboundSender,
  data: { workspaceId: string },
): Promise<number> {
  const db = services.database.db;
  const now = services.now?.() ?? new Date();
  const due = await db
    .select({ issue: issues, message: messages })
    .from(messages)
    .innerJoin(issues, eq(issues.id, messages.issueId))
    .innerJoin(widgets, sql`${widgets.id}::text = ${issues.source} ->> 'widget'`)
    .innerJoin(contacts, eq(contacts.id, issues.requesterContactId))
    .leftJoin(widgetSeen, eq(widgetSeen.issueId, issues.id))
    .leftJoin(widgetFallbacks, eq(widgetFallbacks.messageId, messages.id))
    .where(
      and(
        data.workspaceId === "all" ? undefined : eq(messages.workspaceId, data.workspaceId),
        eq(issues.channel, "widget"),
        sql`${issues.source} ->> 'verified' = 'yes'`,
        sql`${contacts.email} IS NOT NULL`,
        eq(messages.visibility, "public"),
        eq(messages.deliveryStatus, "sent"),
        sql`${messages.authorContactId} IS NULL AND ${messages.deletedAt} IS NULL`,
        sql`${messages.createdAt} <= ${now}::timestamptz - make_interval(mins => ${widgets.fallbackMinutes})`,
        sql`${messages.createdAt} > coalesce(${widgetSeen.seenAt}, '-infinity'::timestamptz)`,
        sql`${widgetFallbacks.messageId} IS NULL`,
      ),
    )
    .orderBy(messages.createdAt)
    .limit(BATCH);
  let sent = 0;
  for (const { issue, message } of due) {
    // The claim is the row: two sweeps racing email a reply once.
    const claimed = await db
      .insert(widgetFallbacks)
      .values({ messageId: message.id, workspaceId: issue.workspaceId, issueId: issue.id, sentAt: now })
      .onConflictDoNothing()
      .returning({ id: widgetFallbacks.messageId });
    if (claimed.length === 0) continue;
    try {
      await email.send(issue, message, { uncertain: false });
      sent++;
    } catch (error) {
      // Given back, so the next sweep tries again; the outbox shows the failed attempt.
      await db.delete(widgetFallbacks).where(eq(widgetFallbacks.messageId, message.id));
      throw error;
    }
  }
  return sent;
}
