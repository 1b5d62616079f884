// Role checks for commands. Only people have roles; channels, agents, triggers and the
// system act on the workspace's behalf and were authenticated at the edge.
import { type Action, assertCan } from "../domain/permissions";
import type { CommandContext } from "./context";

export function authorize(ctx: CommandContext, action: Action): void {
  if (ctx.actor.type === "user") assertCan(ctx.actor.role, action);
}
