// Who runs a command. Agents (people of the workspace) act with their role, whether signed in or
// through an API token; AI agents, triggers and the system act for the workspace; a customer
// contact acts only on their own requests and is refused every agent command (authorize.ts).
import type { Role } from "../domain/permissions";

/** A person of the workspace. `tokenId` is set when they act through an API token. */
export type UserActor = { type: "user"; userId: string; role: Role; name: string; tokenId?: string };

export type Actor =
  | UserActor
  | { type: "contact"; contactId: string; accountId: string | null }
  | { type: "agent"; agentId: string; name: string }
  | { type: "trigger"; triggerId: string; name: string }
  | { type: "system"; name: string };

interface Person {
  userId: string;
  role: Role;
  name: string;
}

export const userActor = (person: Person): UserActor => ({
  type: "user",
  userId: person.userId,
  role: person.role,
  name: person.name,
});

/** A token acts as the person who owns it, with their role: it is how they came, not who they are. */
export const tokenActor = (person: Person, tokenId: string): UserActor => ({ ...userActor(person), tokenId });

export const contactActor = (contact: { contactId: string; accountId: string | null }): Actor => ({
  type: "contact",
  contactId: contact.contactId,
  accountId: contact.accountId,
});

export const aiAgentActor = (agent: { id: string; name: string }): Actor => ({
  type: "agent",
  agentId: agent.id,
  name: agent.name,
});

export const triggerActor = (trigger: { id: string; name: string }): Actor => ({
  type: "trigger",
  triggerId: trigger.id,
  name: trigger.name,
});

/** Jobs, channel adapters and the seed: named for the audit trail. */
export const systemActor = (name: string): Actor => ({ type: "system", name });
