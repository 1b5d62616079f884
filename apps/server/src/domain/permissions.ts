// Who may do what. Commands ask `assertCan`; routes never decide permissions themselves.
import { forbidden } from "./errors";

export type Role = "admin" | "member" | "viewer";

/** Actions grouped by the least role that may perform them. */
const MEMBER_ACTIONS = [
  "issue.write",
  "message.write",
  "account.write",
  "contact.write",
  "view.write",
  "kb.write",
] as const;
const ADMIN_ACTIONS = ["settings.write", "user.write", "token.write", "quarantine.write"] as const;

export type Action = "read" | (typeof MEMBER_ACTIONS)[number] | (typeof ADMIN_ACTIONS)[number];

export function can(role: Role, action: Action): boolean {
  if (action === "read") return true;
  if ((MEMBER_ACTIONS as readonly string[]).includes(action)) return role === "admin" || role === "member";
  return role === "admin";
}

export function assertCan(role: Role, action: Action): void {
  if (!can(role, action)) throw forbidden(`Your role (${role}) does not allow ${action}.`);
}
