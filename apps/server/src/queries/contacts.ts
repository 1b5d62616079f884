// Read model for contacts (the people at customer accounts), read through a scope (a customer
// sees their own account's people).
import { and, desc, eq, ilike, or } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { contacts } from "../db/schema";
import { notFound } from "../domain/errors";
import { afterCursor, page } from "./pagination";
import type { ReadScope } from "./scope";
import { escapeLike, type ListOptions } from "./search";
import { contactVisibility } from "./visibility";

export async function listContacts(db: Executor, scope: ReadScope, o: ListOptions & { accountId?: string }) {
  const rows = await db
    .select()
    .from(contacts)
    .where(
      and(
        contactVisibility(scope),
        o.accountId ? eq(contacts.accountId, o.accountId) : undefined,
        o.q
          ? or(ilike(contacts.name, `%${escapeLike(o.q)}%`), ilike(contacts.email, `%${escapeLike(o.q)}%`))
          : undefined,
        afterCursor(contacts, contacts.createdAt, contacts.id, o.cursor),
      ),
    )
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(o.limit + 1);
  return page(rows, o.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function getContact(db: Executor, scope: ReadScope, id: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(contactVisibility(scope), eq(contacts.id, id)));
  if (!row) throw notFound("Contact");
  return row;
}
