// Linear: the workspace's API-key connection (sealed), customer issues linked to Linear issues
// (with the Linear state we last heard of), and the webhook deliveries taken (idempotency).
import { boolean, index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { issues } from "./issues";
import { users, workspaces } from "./tenancy";

export const linearConnections = pgTable(
  "linear_connection",
  {
    workspaceId: workspaceId()
      .primaryKey()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Sealed with services.secrets; never leaves the server. */
    apiKeySealed: text("api_key_sealed").notNull(),
    /** The webhook's signing secret (Linear-Signature), sealed; null: webhooks are refused. */
    webhookSecretSealed: text("webhook_secret_sealed"),
    /** GraphQL base URL override (a stand-in); null is https://api.linear.app. */
    apiUrl: text("api_url"),
    organizationId: text("organization_id"),
    organizationName: text("organization_name"),
    /** The team "Create" offers first. */
    defaultTeamId: text("default_team_id"),
    /** Linear comments on linked issues become internal notes on the customer issues. */
    commentSync: boolean("comment_sync").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("linear_connection_org_idx").on(t.organizationId)],
);

export const linearLinks = pgTable(
  "linear_link",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    linearIssueId: text("linear_issue_id").notNull(),
    /** ENG-123 */
    identifier: text("identifier").notNull(),
    url: text("url").notNull(),
    title: text("title").notNull(),
    stateName: text("state_name").notNull(),
    /** Linear's workflow state type: triage, backlog, unstarted, started, completed, canceled. */
    stateType: text("state_type").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** When Linear finishing this issue moved the customer issue off on_hold (a reopen puts it back). */
    releasedIssueAt: at("released_issue_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("linear_link_issue_linear_key").on(t.workspaceId, t.issueId, t.linearIssueId),
    index("linear_link_linear_idx").on(t.workspaceId, t.linearIssueId),
  ],
);

export const linearDeliveries = pgTable(
  "linear_delivery",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    deliveryId: text("delivery_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.deliveryId] })],
);
