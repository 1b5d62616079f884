// A message's text replaced after the fact (a Slack edit, a customer's correction in the widget):
// the new text is stored with editedAt, the previous text stays in the issue's event log.
import { eq } from "drizzle-orm";
import { messages } from "../db/schema";
import type { CommandContext } from "./context";
import { appendEvent } from "./events";
import { loadIssueByIdForUpdate } from "./lookup";

export async function replaceMessageText(
  ctx: CommandContext,
  message: { id: string; issueId: string; bodyText: string },
  text: string,
  at: Date,
) {
  await ctx.tx
    .update(messages)
    .set({ bodyText: text, bodyHtml: null, editedAt: at })
    .where(eq(messages.id, message.id));
  const issue = await loadIssueByIdForUpdate(ctx, message.issueId);
  await appendEvent(ctx, issue, "message_edited", { messageId: message.id, previousText: message.bodyText, text });
  await ctx.notify({ kind: "message", id: message.id, issueNumber: issue.number, action: "edited" });
  return issue;
}
