// Creating a tenant with its first admin (first-run setup, `switchboard workspace create`, the
// demo seed, tests), the first-run setup token, and the workspace's own settings.

import { randomBytes } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Executor, Tx } from "../db/connect";
import { executeRaw } from "../db/raw";
import { setupTokens, users, workspaces } from "../db/schema";
import { AppError, conflict, invalid } from "../domain/errors";
import { issueLink } from "./accountLinks";
import { systemActor } from "./actors";
import { recordAudit } from "./audit";
import { hashPassword, hashSecret } from "./auth";
import { authorize } from "./authorize";
import { type CommandContext, type CommandRunner, runCommand } from "./context";
import { assertStrongPassword } from "./passwords";

export type WorkspaceRow = typeof workspaces.$inferSelect;
type Plan = WorkspaceRow["plan"];

export interface WorkspaceInput {
  name: string;
  /** The company's primary email domain (first of `domains` when both are given). */
  domain: string;
  domains?: string[];
  timeZone?: string;
  plan?: Plan;
  /** The undo window before a reply is delivered; the column's default (5 s) when unset. */
  undoSendSeconds?: number;
  /** Without a password the admin sets one through a link (`workspace create`). */
  admin: { email: string; name: string; password?: string };
}

export async function createWorkspace(tx: Tx, input: WorkspaceInput) {
  const domains = [...new Set([input.domain, ...(input.domains ?? [])].map((d) => d.trim().toLowerCase()))];
  await assertDomainsFree(tx, domains);
  const [workspace] = await tx
    .insert(workspaces)
    .values({
      name: input.name.trim(),
      domain: domains[0] ?? input.domain.toLowerCase(),
      domains,
      timeZone: input.timeZone ?? "UTC",
      plan: input.plan ?? "pro",
      undoSendSeconds: input.undoSendSeconds,
    })
    .returning();
  if (!workspace) throw new Error("workspace insert returned nothing");
  // The sequence issue numbers come from (see nextIssueNumber in commands/issues.ts).
  const { rows } = await executeRaw(tx, "SELECT issue_number_sequence($1::uuid) AS name", [workspace.id]);
  await tx.execute(sql.raw(`CREATE SEQUENCE IF NOT EXISTS "${String(rows[0]?.name)}"`));
  const email = input.admin.email.trim().toLowerCase();
  const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
  if (taken) throw conflict(`${email} already has an account (emails sign in to one workspace).`);
  const [admin] = await tx
    .insert(users)
    .values({
      workspaceId: workspace.id,
      email,
      name: input.admin.name.trim(),
      role: "admin",
      passwordHash: input.admin.password ? await hashPassword(input.admin.password) : null,
    })
    .returning();
  if (!admin) throw new Error("admin insert returned nothing");
  return { workspace, admin };
}

/** A domain belongs to one workspace: it decides who is a colleague and where mail goes. */
async function assertDomainsFree(db: Executor, domains: string[], except?: string): Promise<void> {
  const [other] = await db
    .select({ name: workspaces.name, domains: workspaces.domains })
    .from(workspaces)
    .where(
      and(
        sql`(${workspaces.domains} && ${toTextArray(domains)} OR ${workspaces.domain} = ANY(${toTextArray(domains)}))`,
        except ? ne(workspaces.id, except) : undefined,
      ),
    );
  if (other) {
    const clash = domains.filter((d) => other.domains.includes(d));
    throw conflict(`${clash.join(", ") || "That domain"} already belongs to another workspace.`);
  }
}

/** A text[] parameter (drizzle would spread a JS array into a list of parameters). */
const toTextArray = (values: string[]) => sql`ARRAY(SELECT json_array_elements_text(${JSON.stringify(values)}::json))`;

/**
 * `switchboard workspace create`: the workspace and its first admin, who gets a one-time link
 * (7 days) to set their password — printed by the CLI, so no password passes through a shell.
 */
export async function createWorkspaceWithLink(
  runner: CommandRunner,
  input: Omit<WorkspaceInput, "admin"> & { admin: { email: string; name: string } },
) {
  const { workspace, admin } = await runner.database.db.transaction((tx) => createWorkspace(tx, input));
  const { secret } = await runCommand(
    runner,
    { workspaceId: workspace.id, actor: systemActor("workspace create") },
    (ctx) => issueLink(ctx, { kind: "set_password", email: admin.email, userId: admin.id }),
  );
  return { workspace, admin, secret };
}

// ---- first run ------------------------------------------------------------------------------

export async function hasWorkspaces(db: Executor): Promise<boolean> {
  const [row] = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  return row !== undefined;
}

/**
 * On a database without workspaces (and the demo off), a fresh one-time token guards the setup
 * page: the server prints it, so only who reads the server's log can claim the instance.
 * Returns undefined when setup is not needed. Each start replaces the earlier token.
 */
export async function openSetup(db: Executor): Promise<string | undefined> {
  if (await hasWorkspaces(db)) return undefined;
  const token = `sbsetup_${randomBytes(18).toString("base64url")}`;
  await db.delete(setupTokens);
  await db.insert(setupTokens).values({ tokenHash: hashSecret(token) });
  return token;
}

export interface SetupInput {
  token: string;
  workspace: { name: string; domains: string[]; timeZone: string };
  admin: { name: string; email: string; password: string };
}

/** The setup page: creates the first workspace and its admin, once, with the printed token. */
export async function completeSetup(runner: CommandRunner, input: SetupInput) {
  return runner.database.db.transaction(async (tx) => {
    // Serialises two simultaneous setups: the second finds the token gone.
    const [guard] = await tx
      .delete(setupTokens)
      .where(eq(setupTokens.tokenHash, hashSecret(input.token.trim())))
      .returning();
    if (await hasWorkspaces(tx)) throw conflict("This Switchboard is already set up. Sign in instead.");
    if (!guard) {
      throw new AppError("forbidden", "The setup token is not correct. Copy it from the server's start-up log.");
    }
    assertStrongPassword(input.admin.password, input.admin);
    const [domain, ...more] = input.workspace.domains;
    if (!domain) throw invalid("Give at least one email domain of your company.");
    await tx.delete(setupTokens);
    return createWorkspace(tx, {
      name: input.workspace.name,
      domain,
      domains: more,
      timeZone: input.workspace.timeZone,
      admin: input.admin,
    });
  });
}

// ---- settings -------------------------------------------------------------------------------

export interface WorkspaceSettingsInput {
  name?: string;
  domains?: string[];
  timeZone?: string;
  plan?: Plan;
}

export async function updateWorkspaceSettings(ctx: CommandContext, input: WorkspaceSettingsInput) {
  authorize(ctx, "settings.write");
  const domains = input.domains ? [...new Set(input.domains.map((d) => d.trim().toLowerCase()))] : undefined;
  if (domains) {
    if (domains.length === 0) throw invalid("Keep at least one email domain.");
    await assertDomainsFree(ctx.tx, domains, ctx.workspaceId);
  }
  const [before] = await ctx.tx.select().from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
  const [row] = await ctx.tx
    .update(workspaces)
    .set({
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(domains && { domains, domain: domains[0] }),
      ...(input.timeZone !== undefined && { timeZone: input.timeZone }),
      ...(input.plan !== undefined && { plan: input.plan }),
    })
    .where(eq(workspaces.id, ctx.workspaceId))
    .returning();
  if (!row) throw new Error("workspace vanished");
  await recordAudit(ctx, {
    action: "settings.changed",
    target: { type: "workspace", id: row.id },
    before: before && workspaceSettingsOf(before),
    after: workspaceSettingsOf(row),
  });
  await ctx.notify({ kind: "settings", id: row.id, action: "workspace.updated" });
  return row;
}

/** The audited fields of the workspace's general settings. */
const workspaceSettingsOf = (row: typeof workspaces.$inferSelect) => ({
  name: row.name,
  domains: row.domains,
  timeZone: row.timeZone,
  plan: row.plan,
});
