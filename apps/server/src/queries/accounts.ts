// Read model for customer accounts, read through a scope (a customer sees only their own). Agents
// also see each account's sentiment and can list by it ("sentiment dropped this week", "renewal
// in 60 days and negative"); a customer never does.
import { and, asc, desc, eq, getTableColumns, gte, ilike, lte, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { accounts } from "../db/schema";
import { notFound } from "../domain/errors";
import { NEUTRAL_BAND } from "../domain/sentiment";
import { afterCursor, page } from "./pagination";
import { isCustomer, type ReadScope } from "./scope";
import { escapeLike, type ListOptions } from "./search";
import { type AccountSentimentSummary, accountSentimentSubquery, DROP_THRESHOLD, summarize } from "./sentiment";
import { accountVisibility } from "./visibility";

export interface AccountListOptions extends ListOptions {
  sentiment?: "dropped" | "negative" | "positive";
  renewalWithinDays?: number;
  sort?: "created" | "sentiment_change" | "health" | "renewal";
}

type AccountRow = typeof accounts.$inferSelect;

export async function listAccounts(
  db: Executor,
  scope: ReadScope,
  o: AccountListOptions,
  now: Date = new Date(),
): Promise<{ items: (AccountRow & { sentiment: AccountSentimentSummary | null })[]; nextCursor: string | null }> {
  const byName = o.q ? ilike(accounts.name, `%${escapeLike(o.q)}%`) : undefined;
  if (isCustomer(scope)) {
    const rows = await db
      .select()
      .from(accounts)
      .where(and(accountVisibility(scope), byName, afterCursor(accounts, accounts.createdAt, accounts.id, o.cursor)))
      .orderBy(desc(accounts.createdAt), desc(accounts.id))
      .limit(o.limit + 1);
    const paged = page(rows, o.limit, (r) => ({ at: r.createdAt, id: r.id }));
    return { ...paged, items: paged.items.map((a) => ({ ...a, sentiment: null })) };
  }
  const s = accountSentimentSubquery(db, scope.workspaceId, now);
  const change = sql`(${s.current} - coalesce(${s.baseline}, 0))`;
  const filters: (SQL | undefined)[] = [accountVisibility(scope), byName];
  if (o.sentiment === "dropped") filters.push(sql`${change} <= ${-DROP_THRESHOLD}`);
  if (o.sentiment === "negative") filters.push(sql`${s.recent} < ${-NEUTRAL_BAND}`);
  if (o.sentiment === "positive") filters.push(sql`${s.recent} > ${NEUTRAL_BAND}`);
  if (o.renewalWithinDays !== undefined) {
    const today = now.toISOString().slice(0, 10);
    const until = new Date(now.getTime() + o.renewalWithinDays * 86_400_000).toISOString().slice(0, 10);
    filters.push(gte(accounts.renewalDate, today), lte(accounts.renewalDate, until));
  }
  // Sentiment views are a ranked short list: the first `limit` accounts, no further pages.
  const ranked = o.sort !== undefined && o.sort !== "created";
  if (!ranked) filters.push(afterCursor(accounts, accounts.createdAt, accounts.id, o.cursor));
  const order = {
    created: [desc(accounts.createdAt), desc(accounts.id)],
    sentiment_change: [sql`${change} ASC NULLS LAST`, asc(accounts.name)],
    health: [sql`${accounts.health} ASC NULLS LAST`, asc(accounts.name)],
    renewal: [sql`${accounts.renewalDate} ASC NULLS LAST`, asc(accounts.name)],
  }[o.sort ?? "created"];
  const rows = await db
    .select({
      account: getTableColumns(accounts),
      current: s.current,
      baseline: s.baseline,
      recent: s.recent,
      currentMessages: s.currentMessages,
      recentMessages: s.recentMessages,
    })
    .from(accounts)
    .leftJoin(s, eq(s.accountId, accounts.id))
    .where(and(...filters))
    .orderBy(...order)
    .limit(o.limit + 1);
  const items = rows.map((r) => ({ ...r.account, sentiment: summarize(r) }));
  if (ranked) return { items: items.slice(0, o.limit), nextCursor: null };
  return page(items, o.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function getAccount(db: Executor, scope: ReadScope, id: string) {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(accountVisibility(scope), eq(accounts.id, id)));
  if (!row) throw notFound("Account");
  return row;
}
