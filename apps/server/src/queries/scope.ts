// Who is reading, and so what they may see. The rule of the read models:
// - Queries of issue-related data (issues, their messages, events and attachments, the issue
//   lists of views, accounts and contacts) take a `ReadScope` and filter with visibility.ts,
//   the one place that says what a viewer sees. An agent sees the whole workspace; a customer
//   contact sees their account's issues and only what was said to them.
// - Queries of agent-only resources (teams, people, views, triggers, AI agents and decisions,
//   macros, settings, channels) take a bare workspace id: there is nothing in them to narrow.
//   A route that holds a scope gets the id through `staffOf(scope)`, which refuses a customer;
//   the other agent routes read it off the agent principal (`requirePrincipal` admits agents
//   only). Jobs, commands and channel adapters act for the workspace and pass its id directly.

import { forbidden } from "../domain/errors";
import type { IssueEventType } from "../domain/events";
import type { Role } from "../domain/permissions";

/** An agent (a person of the workspace, by session or API token) or a customer contact. */
export type Viewer =
  | { readonly kind: "user"; readonly userId: string; readonly role: Role }
  | { readonly kind: "contact"; readonly contactId: string; readonly accountId: string | null };

/** Narrows what the viewer sees further: one account's 360, a portal's "my requests" tab. */
export interface Restriction {
  readonly accountId?: string;
  readonly contactId?: string;
}

export interface ReadScope {
  readonly workspaceId: string;
  readonly viewer: Viewer;
  readonly restrict?: Restriction;
}

export function agentScope(workspaceId: string, user: { userId: string; role: Role }): ReadScope {
  return { workspaceId, viewer: { kind: "user", userId: user.userId, role: user.role } };
}

export function customerScope(
  workspaceId: string,
  contact: { contactId: string; accountId: string | null },
  restrict?: Restriction,
): ReadScope {
  const viewer: Viewer = { kind: "contact", contactId: contact.contactId, accountId: contact.accountId };
  return restrict ? { workspaceId, viewer, restrict } : { workspaceId, viewer };
}

export const isCustomer = (scope: ReadScope): boolean => scope.viewer.kind === "contact";

/** The agent behind a scope, for agent-only resources; a customer is refused (403). */
export function staffOf(scope: ReadScope): { workspaceId: string; userId: string; role: Role } {
  if (scope.viewer.kind !== "user") throw forbidden("Customers cannot read this.");
  return { workspaceId: scope.workspaceId, userId: scope.viewer.userId, role: scope.viewer.role };
}

/**
 * Which issues of the workspace a scope may read, as plain data: every constraint present must
 * hold. A customer is confined to their account's issues, or to the issues they asked for when
 * they belong to no account; restrictions add constraints, and two different values of the same
 * key (a customer of A restricted to B) leave nothing.
 */
export interface IssueAudience {
  accountId?: string;
  requesterContactId?: string;
  nobody?: true;
}

export function issueAudience(scope: ReadScope): IssueAudience {
  const accounts: string[] = [];
  const requesters: string[] = [];
  const { viewer, restrict } = scope;
  if (viewer.kind === "contact") {
    if (viewer.accountId) accounts.push(viewer.accountId);
    else requesters.push(viewer.contactId);
  }
  if (restrict?.accountId) accounts.push(restrict.accountId);
  if (restrict?.contactId) requesters.push(restrict.contactId);
  if (new Set(accounts).size > 1 || new Set(requesters).size > 1) return { nobody: true };
  const audience: IssueAudience = {};
  if (accounts[0]) audience.accountId = accounts[0];
  if (requesters[0]) audience.requesterContactId = requesters[0];
  return audience;
}

/** Whether the scope sees every issue of its workspace (then no per-issue check is needed). */
export function seesWholeWorkspace(scope: ReadScope): boolean {
  return Object.keys(issueAudience(scope)).length === 0;
}

/**
 * Issue events a customer may see: what happened to their request, never who was assigned,
 * how it was routed or prioritised, or what agents said among themselves. `message` events
 * count only for public messages (see visibility.ts).
 */
export const CUSTOMER_EVENT_TYPES = [
  "created",
  "state",
  "reopened",
  "title",
  "message",
] as const satisfies readonly IssueEventType[];
