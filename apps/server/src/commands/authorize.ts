// Role checks for commands. Only people have roles; channels, agents, triggers and the
// system act on the workspace's behalf and were authenticated at the edge. A customer contact
// runs no agent command: the portal and widget will give them commands of their own.
import { forbidden } from "../domain/errors";
import { type Action, assertCan } from "../domain/permissions";
import type { CommandContext } from "./context";

export function authorize(ctx: Pick<CommandContext, "actor">, action: Action): void {
  const { actor } = ctx;
  if (actor.type === "user") assertCan(actor.role, action);
  if (actor.type === "contact") throw forbidden(`Customers may not ${action}.`);
}
