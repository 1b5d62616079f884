// Read model of the workspace's outbound email settings (agent-only; secrets stay sealed here).
import { eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { emailInboxes, emailSettings } from "../db/schema";

export type EmailSettingsRow = typeof emailSettings.$inferSelect;

export async function emailSettingsOf(db: Executor, workspaceId: string): Promise<EmailSettingsRow | undefined> {
  const [row] = await db.select().from(emailSettings).where(eq(emailSettings.workspaceId, workspaceId));
  return row;
}

export async function inboxOf(db: Executor, workspaceId: string, id: string) {
  const [row] = await db.select().from(emailInboxes).where(eq(emailInboxes.id, id));
  return row?.workspaceId === workspaceId ? row : undefined;
}
