// The demo workspace's content, modelled on the seed story: five teams and their people,
// ~30 accounts with CRM fields and contacts, tags, custom fields, views, macros and ~300
// conversations over the last two months. Generated from hand-written templates with a seeded
// PRNG (content/), written only through the application commands.
import type { CommandContext } from "../commands/context";
import type { Services } from "../services";
import { planConversations, TEMPLATES } from "./content/conversations";
import { seedKnowledge } from "./content/knowledge";
import { replayConversations } from "./content/replay";
import { type DemoPerson, seedAccounts, seedFields, seedMacros, seedPeople, seedViews } from "./content/setup";
import { seedPortalForm } from "./portalForm";

export interface SeedScope {
  workspaceId: string;
  adminId: string;
  /** Runs `fn` as the demo admin in one transaction. */
  run<T>(fn: (ctx: CommandContext) => Promise<T>): Promise<T>;
  /** The company's email domain (colleagues' addresses, team inboxes). */
  domain?: string;
  /** Password of every demo user. */
  password?: string;
  /** The seed's "today"; defaults to now. */
  now?: Date;
  /** How many conversations to replay (default 300). */
  issues?: number;
}

/** Everything in one transaction: the demo exists completely or not at all. */
export async function seedDemoContent(_services: Services, scope: SeedScope): Promise<void> {
  const now = scope.now ?? new Date();
  const domain = scope.domain ?? "demo.switchboard.test";
  await scope.run(async (ctx) => {
    const admin: DemoPerson = { id: scope.adminId, name: adminName(ctx), role: "admin" };
    const { people, teams } = await seedPeople(ctx, admin, domain, scope.password ?? "switchboard");
    await seedFields(
      ctx,
      TEMPLATES.flatMap((t) => t.tags),
    );
    await seedPortalForm(ctx, teams.get("Support"));
    const accounts = await seedAccounts(ctx, people, now);
    await seedViews(ctx, { people, teams });
    await seedMacros(ctx, teams);
    await seedKnowledge(ctx);
    const scripts = planConversations(now, scope.issues ?? 300);
    await replayConversations(ctx, { people, teams, accounts }, scripts, domain);
  });
}

function adminName(ctx: CommandContext): string {
  return ctx.actor.type === "user" ? ctx.actor.name : "Admin";
}
