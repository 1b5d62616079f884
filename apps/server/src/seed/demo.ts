// The demo workspace modelled on the seed story: created on first start, never twice.
import { and, eq, sql } from "drizzle-orm";
import { runHealth } from "../ai/sentiment/module";
import { refreshMissingIssueMetrics } from "../commands/analytics";
import { type CommandRunner, runCommand } from "../commands/context";
import { ensureDemoInboxes } from "../commands/inboxes";
import { createWorkspace } from "../commands/workspaces";
import { teams, users, workspaces } from "../db/schema";
import type { Services } from "../services";
import { seedDemoContent } from "./demoContent";
import { seedInternalChannels } from "./internalChannels";
import { seedRouting } from "./routing";

export const DEMO_DOMAIN = "demo.switchboard.test";
export const DEMO_ADMIN = { email: `admin@${DEMO_DOMAIN}`, password: "switchboard", name: "Alex Admin" };

/** Returns true when it created the workspace, false when it already existed. */
export async function ensureDemoWorkspace(services: Services): Promise<boolean> {
  const db = services.database.db;
  const [existing] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.domain, DEMO_DOMAIN));
  // The content is one transaction; a workspace without teams is one whose content failed, so fill it.
  if (existing && (await hasContent(services, existing.id))) return false;
  const { workspace, admin } = existing
    ? { workspace: existing, admin: await demoAdmin(services, existing.id) }
    : await db.transaction((tx) =>
        createWorkspace(tx, { name: "Switchboard Demo", domain: DEMO_DOMAIN, plan: "enterprise", admin: DEMO_ADMIN }),
      );
  // The demo is history replayed: its reactions (routing, AI, delivery) already happened, so it enqueues no jobs.
  const history: CommandRunner = { database: services.database, jobs: services.jobs, replay: true };
  await seedDemoContent(services, {
    workspaceId: workspace.id,
    run: (fn) =>
      runCommand(
        history,
        { workspaceId: workspace.id, actor: { type: "user", userId: admin.id, role: "admin", name: admin.name } },
        fn,
      ),
    adminId: admin.id,
    domain: DEMO_DOMAIN,
    password: DEMO_ADMIN.password,
  });
  await ensureDemoInboxes(services, DEMO_DOMAIN);
  // Replayed history enqueued no analytics refresh: its metrics are computed here, once.
  await refreshMissingIssueMetrics(services, { workspaceId: workspace.id });
  // Customer messages were scored as they were replayed; health is the job's, run once here.
  await runHealth(services, workspace.id);
  await runCommand(services, { workspaceId: workspace.id, actor: adminActor(admin) }, seedRouting);
  await runCommand(services, { workspaceId: workspace.id, actor: adminActor(admin) }, seedInternalChannels);
  return true;
}

const adminActor = (admin: { id: string; name: string }) =>
  ({ type: "user", userId: admin.id, role: "admin", name: admin.name }) as const;

async function hasContent(services: Services, workspaceId: string): Promise<boolean> {
  const [row] = await services.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(teams)
    .where(eq(teams.workspaceId, workspaceId));
  return (row?.n ?? 0) > 0;
}

async function demoAdmin(services: Services, workspaceId: string) {
  const [admin] = await services.database.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), sql`lower(${users.email}) = ${DEMO_ADMIN.email}`));
  if (!admin) throw new Error(`demo workspace has no ${DEMO_ADMIN.email}`);
  return admin;
}
