// Slack deliveries were authenticated at the edge (signature); their commands run as the system.
import { type CommandContext, runCommand } from "../../commands/context";
import type { Services } from "../../services";

export function runAsSlack<T>(services: Services, workspaceId: string, fn: (ctx: CommandContext) => Promise<T>) {
  return runCommand(services, { workspaceId, actor: { type: "system", name: "slack" } }, fn);
}
