// Quarantine retry for email: re-runs the whole pipeline on the stored raw source (after a fix,
// a new inbox, or to force in a false-positive auto-reply) and resolves the entry on success.
import { and, eq } from "drizzle-orm";
import { runCommand } from "../../commands/context";
import { resolveQuarantine } from "../../commands/quarantine";
import { quarantine } from "../../db/schema";
import { AppError, conflict, notFound } from "../../domain/errors";
import { assertCan, type Role } from "../../domain/permissions";
import type { Services } from "../../services";
import { type EmailOutcome, rawBuffer, receiveEmail } from "./receive";

export async function retryQuarantinedEmail(
  services: Services,
  who: { workspaceId: string; userId: string; role: Role; name: string },
  id: string,
): Promise<{ outcomes: EmailOutcome[]; entry: typeof quarantine.$inferSelect }> {
  assertCan(who.role, "quarantine.write");
  const [row] = await services.database.db
    .select()
    .from(quarantine)
    .where(and(eq(quarantine.workspaceId, who.workspaceId), eq(quarantine.id, id)));
  if (row?.channel !== "email") throw notFound("Quarantined email");
  if (!row) throw notFound("Quarantined email");
  if (row.status !== "pending" && row.meta.kind !== "noise") throw conflict("This delivery was already handled.");
  const envelope = {
    mailFrom: typeof row.meta.mailFrom === "string" ? row.meta.mailFrom : undefined,
    recipients: Array.isArray(row.meta.recipients) ? row.meta.recipients.map(String) : [],
  };
  let outcomes: EmailOutcome[];
  try {
    outcomes = await receiveEmail(services, rawBuffer(row.raw, row.meta.rawEncoding), envelope, {
      retry: true,
      workspaceId: who.workspaceId,
    });
  } catch (error) {
    if (error instanceof AppError && error.code !== "validation_failed") throw error;
    throw conflict(`The email still cannot be ingested: ${error instanceof Error ? error.message : String(error)}`);
  }
  const actor = { type: "user" as const, userId: who.userId, role: who.role, name: who.name };
  const entry =
    row.status === "pending"
      ? await runCommand(services, { workspaceId: who.workspaceId, actor }, (ctx) =>
          resolveQuarantine(ctx, id, "retried"),
        )
      : row;
  return { outcomes, entry };
}
