// Login throttling: failure counts per bucket (account, address, known device), and the devices
// that have logged in to an account before (a cookie whose hash is kept here).
import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, workspaceId } from "./columns";
import { users, workspaces } from "./tenancy";

/** One throttle bucket: `account:<email>`, `ip:<address>`, `device:<id>`; no workspace before login. */
export const loginThrottles = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  lastFailureAt: at("last_failure_at").notNull(),
});

/** A browser that has logged in to this user before; its failures count apart from a guesser's. */
export const loginDevices = pgTable(
  "login_device",
  {
    /** SHA-256 of the cookie value. */
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    lastLoginAt: at("last_login_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("login_device_user_idx").on(t.userId)],
);
