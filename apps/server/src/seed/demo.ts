// The demo workspace modelled on the seed story: created on first start, never twice.
import { eq } from "drizzle-orm";
import { runCommand } from "../commands/context";
import { createWorkspace } from "../commands/workspaces";
import { workspaces } from "../db/schema";
import type { Services } from "../services";
import { seedDemoContent } from "./demoContent";

export const DEMO_DOMAIN = "demo.switchboard.test";
export const DEMO_ADMIN = { email: `admin@${DEMO_DOMAIN}`, password: "switchboard", name: "Alex Admin" };

/** Returns true when it created the workspace, false when it already existed. */
export async function ensureDemoWorkspace(services: Services): Promise<boolean> {
  const db = services.database.db;
  const [existing] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.domain, DEMO_DOMAIN));
  if (existing) return false;
  const { workspace, admin } = await db.transaction((tx) =>
    createWorkspace(tx, { name: "Switchboard Demo", domain: DEMO_DOMAIN, plan: "enterprise", admin: DEMO_ADMIN }),
  );
  await seedDemoContent(services, {
    workspaceId: workspace.id,
    run: (fn) =>
      runCommand(
        services,
        { workspaceId: workspace.id, actor: { type: "user", userId: admin.id, role: "admin", name: admin.name } },
        fn,
      ),
    adminId: admin.id,
  });
  return true;
}
