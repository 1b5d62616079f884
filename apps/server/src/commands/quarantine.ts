// Inbound that could not be ingested is kept with its reason and raw payload (never dropped),
// visible to admins, who can retry or discard it.
import { and, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { quarantine } from "../db/schema";
import { conflict, notFound } from "../domain/errors";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";

export type QuarantineRow = typeof quarantine.$inferSelect;

/** Takes a plain executor: the failed delivery's own transaction has already rolled back. */
export async function quarantineDelivery(
  db: Executor,
  input: { workspaceId: string | null; channel: string; reason: string; raw: string; meta?: Record<string, unknown> },
): Promise<QuarantineRow> {
  const [row] = await db
    .insert(quarantine)
    .values({ ...input, meta: input.meta ?? {} })
    .returning();
  if (!row) throw new Error("quarantine insert returned nothing");
  // An admin has to act on it: say so where operators look, for every channel.
  console.warn(
    `[quarantine] ${input.channel} delivery quarantined (workspace ${input.workspaceId ?? "unknown"}, id ${row.id}): ${input.reason}`,
  );
  return row;
}

export async function resolveQuarantine(ctx: CommandContext, id: string, status: "retried" | "discarded") {
  authorize(ctx, "quarantine.write");
  const [row] = await ctx.tx
    .select()
    .from(quarantine)
    .where(and(eq(quarantine.workspaceId, ctx.workspaceId), eq(quarantine.id, id)))
    .for("update");
  if (!row) throw notFound("Quarantined delivery");
  if (row.status !== "pending") throw conflict("This delivery was already handled.");
  const [updated] = await ctx.tx
    .update(quarantine)
    .set({ status, resolvedAt: new Date() })
    .where(eq(quarantine.id, id))
    .returning();
  return updated ?? row;
}
