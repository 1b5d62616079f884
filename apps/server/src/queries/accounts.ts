// Read model for customer accounts, read through a scope (a customer sees only their own).
import { and, desc, eq, ilike } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { accounts } from "../db/schema";
import { notFound } from "../domain/errors";
import { afterCursor, page } from "./pagination";
import type { ReadScope } from "./scope";
import { escapeLike, type ListOptions } from "./search";
import { accountVisibility } from "./visibility";

export async function listAccounts(db: Executor, scope: ReadScope, o: ListOptions) {
  const rows = await db
    .select()
    .from(accounts)
    .where(
      and(
        accountVisibility(scope),
        o.q ? ilike(accounts.name, `%${escapeLike(o.q)}%`) : undefined,
        afterCursor(accounts, accounts.createdAt, accounts.id, o.cursor),
      ),
    )
    .orderBy(desc(accounts.createdAt), desc(accounts.id))
    .limit(o.limit + 1);
  return page(rows, o.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function getAccount(db: Executor, scope: ReadScope, id: string) {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(accountVisibility(scope), eq(accounts.id, id)));
  if (!row) throw notFound("Account");
  return row;
}
