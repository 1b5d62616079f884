// Collision notices: who is viewing or typing in an issue. Not a state change (no command,
// no event row) — a NOTIFY fan-out so agents on other servers see it too.
import { z } from "zod";
import type { Database } from "../db/connect";

export const PRESENCE_CHANNEL = "switchboard_presence";

export const PresenceMessage = z.strictObject({
  type: z.literal("presence"),
  issueNumber: z.number().int().positive(),
  activity: z.enum(["viewing", "typing", "left"]),
  /** Typing a public reply (not a note): only such typing is shown to the customer (widget). */
  reply: z.boolean().optional(),
});

export async function publishPresence(
  database: Database,
  who: { workspaceId: string; userId: string; name: string },
  raw: string,
): Promise<void> {
  let parsed: z.infer<typeof PresenceMessage>;
  try {
    parsed = PresenceMessage.parse(JSON.parse(raw));
  } catch {
    // A malformed client frame is ignored; the socket stays open for the next one.
    return;
  }
  const payload = JSON.stringify({
    kind: "presence",
    workspaceId: who.workspaceId,
    userId: who.userId,
    name: who.name,
    issueNumber: parsed.issueNumber,
    activity: parsed.activity,
    ...(parsed.activity === "typing" && parsed.reply === true && { reply: true }),
    at: new Date().toISOString(),
  });
  await database.query("SELECT pg_notify($1, $2)", [PRESENCE_CHANNEL, payload]);
}
