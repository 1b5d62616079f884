// Creating a tenant with its first admin (sign-up, the demo seed, tests).

import type { Tx } from "../db/connect";
import { users, workspaces } from "../db/schema";
import { hashPassword } from "./auth";

export async function createWorkspace(
  tx: Tx,
  input: {
    name: string;
    domain: string;
    plan?: "free" | "pro" | "enterprise";
    admin: { email: string; name: string; password: string };
  },
) {
  const [workspace] = await tx
    .insert(workspaces)
    .values({ name: input.name, domain: input.domain.toLowerCase(), plan: input.plan ?? "pro" })
    .returning();
  if (!workspace) throw new Error("workspace insert returned nothing");
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
