// The writers of sentiment and account health. A customer message is scored as it is stored
// (commands/messages.ts); this backfills messages stored before scoring existed, and is the
// account-health job: it writes `account.health` (0–100) with the drivers of the formula
// (domain/accountHealth.ts) for the workspace's accounts.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { selectRows } from "../db/raw";
import { accounts, messages } from "../db/schema";
import { accountHealth } from "../domain/accountHealth";
import { scoreSentiment } from "../domain/sentiment";
import { healthInputs } from "../queries/sentiment";
import { type CommandContext, nowOf } from "./context";

/** Scores up to `limit` unscored customer messages of the workspace; returns how many it scored. */
export async function backfillSentiment(ctx: CommandContext, limit = 1000): Promise<number> {
  const rows = await ctx.tx
    .select({ id: messages.id, text: messages.bodyText })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        isNull(messages.sentimentScore),
        eq(messages.authorType, "contact"),
        eq(messages.visibility, "public"),
        isNull(messages.deletedAt),
      ),
    )
    .limit(limit);
  if (rows.length === 0) return 0;
  const scored = rows.map((r) => {
    const { score, phrases } = scoreSentiment(r.text);
    return { id: r.id, score, phrases };
  });
  await ctx.tx.execute(sql`
    UPDATE ${messages} AS m SET sentiment_score = v.score, sentiment_phrases = v.phrases
    FROM json_to_recordset(${JSON.stringify(scored)}::json) AS v(id uuid, score real, phrases jsonb)
    WHERE m.id = v.id AND m.workspace_id = ${ctx.workspaceId}`);
  return rows.length;
}

/**
 * Recomputes the health of the workspace's accounts (or of `accountIds`): an account nobody has
 * heard from is not scored (null). Returns how many accounts it wrote.
 */
export async function recomputeAccountHealth(ctx: CommandContext, accountIds?: readonly string[]): Promise<number> {
  const now = nowOf(ctx);
  const ids = (
    await ctx.tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(
        and(eq(accounts.workspaceId, ctx.workspaceId), accountIds ? inArray(accounts.id, [...accountIds]) : undefined),
      )
  ).map((r) => r.id);
  if (ids.length === 0) return 0;
  const inputs = await healthInputs(ctx.tx, ctx.workspaceId, now, accountIds ? ids : undefined);
  const rows = ids.map((id) => {
    const input = inputs.get(id);
    const health = input ? accountHealth(input) : null;
    return { id, health: health?.score ?? null, drivers: health?.drivers ?? null };
  });
  const updated = await selectRows(
    ctx.tx,
    sql`
    UPDATE ${accounts} AS a SET health = v.health, health_drivers = v.drivers, health_at = ${now.toISOString()}::timestamptz
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(id uuid, health integer, drivers jsonb)
    WHERE a.id = v.id AND a.workspace_id = ${ctx.workspaceId}
    RETURNING a.id`,
  );
  return updated.length;
}
