// Idempotency keys of API writes (http/idempotency.ts): one row per key a caller sent, written in
// the transaction of the write's first command, so after a crash the key exists exactly when the
// write does. The response is added once it is sent; rows older than 24 hours are swept.
import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, workspaceId } from "./columns";
import { workspaces } from "./tenancy";

export const idempotencyKeys = pgTable(
  "idempotency_key",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    /** Whose key: `user:<id>` (session) or `token:<id>` (API token); one text column keeps the key unique. */
    caller: text("caller").notNull(),
    key: text("key").notNull(),
    /** The request the key was first used for: a retry must match all three. */
    method: text("method").notNull(),
    path: text("path").notNull(),
    bodyHash: text("body_hash").notNull(),
    /** The first answer, once sent; null while running, or when the server stopped before answering. */
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    responseType: text("response_type"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.caller, t.key] }),
    index("idempotency_key_created_idx").on(t.createdAt),
  ],
);
