// Demo content: teams of the seed story. (Accounts, contacts and issues: see generator.)
import type { CommandContext } from "../commands/context";
import { createTeam, setTeamMember } from "../commands/team";
import type { Services } from "../services";

export interface SeedScope {
  workspaceId: string;
  adminId: string;
  run<T>(fn: (ctx: CommandContext) => Promise<T>): Promise<T>;
}

export async function seedDemoContent(_services: Services, scope: SeedScope): Promise<void> {
  await scope.run(async (ctx) => {
    for (const [name, mode] of [
      ["Support", "pooled"],
      ["Customer Success", "scoped"],
      ["Migrations", "pooled"],
      ["Sales", "scoped"],
      ["Billing", "pooled"],
    ] as const) {
      const team = await createTeam(ctx, { name, mode, leadUserId: scope.adminId });
      await setTeamMember(ctx, team.id, scope.adminId);
    }
  });
}
