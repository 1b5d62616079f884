// Tags: the workspace's issue labels (names are unique case-insensitively).
import { sql } from "drizzle-orm";
import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, workspaceId } from "./columns";
import { workspaces } from "./tenancy";

export const tags = pgTable(
  "tag",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    color: text("color").notNull().default("#64748b"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("tag_ws_name_key").on(t.workspaceId, sql`lower(${t.name})`)],
);
