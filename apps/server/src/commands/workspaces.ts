// Creating a tenant with its first admin (sign-up, the demo seed, tests).

import { sql } from "drizzle-orm";
import type { Tx } from "../db/connect";
import { executeRaw } from "../db/raw";
import { users, workspaces } from "../db/schema";
import { hashPassword } from "./auth";

export async function createWorkspace(
  tx: Tx,
  input: {
    name: string;
    domain: string;
    plan?: "free" | "pro" | "enterprise";
    /** The undo window before a reply is delivered; the column's default (5 s) when unset. */
    undoSendSeconds?: number;
    admin: { email: string; name: string; password: string };
  },
) {
  const [workspace] = await tx
    .insert(workspaces)
    .values({
      name: input.name,
      domain: input.domain.toLowerCase(),
      plan: input.plan ?? "pro",
      undoSendSeconds: input.undoSendSeconds,
    })
    .returning();
  if (!workspace) throw new Error("workspace insert returned nothing");
  // The sequence issue numbers come from (see nextIssueNumber in commands/issues.ts).
  const { rows } = await executeRaw(tx, "SELECT issue_number_sequence($1::uuid) AS name", [workspace.id]);
  await tx.execute(sql.raw(`CREATE SEQUENCE IF NOT EXISTS "${String(rows[0]?.name)}"`));
  const [admin] = await tx
    .insert(users)
    .values({
      workspaceId: workspace.id,
      email: input.admin.email.toLowerCase(),
      name: input.admin.name,
      role: "admin",
      passwordHash: await hashPassword(input.admin.password),
    })
    .returning();
  if (!admin) throw new Error("admin insert returned nothing");
  return { workspace, admin };
}
