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

/** Each action in the words of the person refused it (never the action's code). */
const ACTION_WORDS: Record<Exclude<Action, "read">, string> = {
  "issue.write": "change issues",
  "message.write": "write replies or notes",
  "account.write": "change accounts",
  "contact.write": "change contacts",
  "view.write": "change shared views",
  "kb.write": "write knowledge-base articles",
  "settings.write": "change workspace settings",
  "user.write": "manage people",
  "token.write": "manage API tokens",
  "quarantine.write": "handle quarantined mail",
};

export function assertCan(role: Role, action: Action): void {
  if (can(role, action) || action === "read") return;
  const needed = (MEMBER_ACTIONS as readonly string[]).includes(action) ? "member" : "admin";
  throw forbidden(
    `As a ${role} you cannot ${ACTION_WORDS[action]}. An admin can make you ${needed === "admin" ? "an admin" : "a member"}.`,
  );
}
