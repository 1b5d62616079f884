// The words of the API as plain constants, free of zod, so the web app can import them
// (`@switchboard/api/vocabulary`) without pulling the schema library into its bundle.
export const issueStates = ["new", "on_you", "on_customer", "on_hold", "closed"] as const;
export const priorities = ["urgent", "high", "medium", "low", "none"] as const;
export const channels = ["slack", "email", "widget", "portal", "api"] as const;

export const roles = ["admin", "member", "viewer"] as const;
export const accountTypes = ["prospect", "trial", "customer", "churned"] as const;
export const teamModes = ["pooled", "scoped"] as const;
/** How issues reaching a team get a person (`auto`: pooled stays in the queue, scoped by owner, then tier). */
export const teamAssignmentStrategies = ["auto", "none", "owner", "tier", "round_robin", "least_loaded"] as const;

export const customFieldObjects = ["issue", "account"] as const;
export const customFieldTypes = ["text", "number", "boolean", "date", "select", "multiselect", "url", "user"] as const;
export const customFieldSources = ["manual", "crm"] as const;

export const viewOwnerTypes = ["user", "team", "workspace"] as const;
export const viewSorts = ["priority", "newest", "oldest", "updated", "sla_due"] as const;
export const viewLayouts = ["list", "kanban"] as const;

export const messageVisibilities = ["public", "internal"] as const;
export const messageAuthorTypes = ["contact", "user", "agent", "system"] as const;
/** Outbound delivery of a public reply: pending → sent | failed | unsent (no transport). */
export const deliveryStatuses = ["pending", "sent", "unsent", "failed"] as const;
/** The setting that fixes a reply that could not be sent: Outgoing email, Email inboxes, the Slack connection. */
export const deliveryFixes = ["outgoing_email", "email_inboxes", "slack_connection"] as const;
export type DeliveryFix = (typeof deliveryFixes)[number];
export const outboxStatuses = ["queued", "sent", "failed", "unsent"] as const;
export const quarantineStatuses = ["pending", "retried", "discarded"] as const;
export const notificationKinds = ["mention", "assigned"] as const;
export const slackChannelModes = ["all", "reaction"] as const;
/** Internal Slack threads: posting → open → answered → resolved (issue closed); failed: Slack refused the card. */
export const internalThreadStatuses = ["posting", "open", "answered", "resolved", "failed"] as const;

export const TRIGGER_EVENTS = [
  "issue_created",
  "message_received",
  "issue_changed",
  "no_reply",
  "sla_warning",
  "sla_breached",
] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

// The condition language's operators live with its field catalog.
export { CONDITION_OPS, type ConditionOp } from "./conditionFields";

/** What a trigger can do, and how `assign_in_team` picks a member. */
export const TRIGGER_ACTION_TYPES = [
  "set_team",
  "assign_user",
  "assign_agent",
  "assign_in_team",
  "set_priority",
  "add_tags",
  "remove_tags",
  "set_field",
  "set_state",
  "macro_reply",
  "internal_note",
] as const;
export const ASSIGN_STRATEGIES = ["team_rules", "round_robin", "least_loaded"] as const;

/** AI decisions the Router and priority make; an override may not set priority `none`. */
export const aiDecisionKinds = ["route", "priority", "field", "draft", "summary", "answer"] as const;

/** The stable codes of the one error body `{"error":{code,message,details}}`, each with one HTTP status. */
export const errorCodes = [
  "validation_failed",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "csrf_failed",
  "rate_limited",
  "payload_too_large",
  "unsupported_media_type",
  "invalid_signature",
  "uri_too_long",
  "internal",
  "service_unavailable",
  /** A portal form submitted without a required field (422, the fields named in details). */
  "form_incomplete",
  /** Password sign-in refused: the workspace signs in through SSO only (403). */
  "password_login_disabled",
  /** Password login cannot be disabled before an admin signed in with SSO once (409). */
  "sso_not_verified",
  /** The Idempotency-Key was used before for another request (422): a new attempt needs a new key. */
  "idempotency_key_reused",
  /** The request with this Idempotency-Key is still running (409): retry shortly for its answer. */
  "idempotency_request_in_progress",
  /** The request with this Idempotency-Key was applied but its answer was never recorded (409): read the result. */
  "idempotency_response_lost",
] as const;

/** A workspace's plan tier (the AI-field limit reads it). */
export const plans = ["free", "pro", "enterprise"] as const;

/** AI-supported custom fields each plan allows (null: no limit). */
export const aiFieldLimits: Record<(typeof plans)[number], number | null> = { free: 2, pro: 2, enterprise: null };

/**
 * How a new issue finds its team, in order: the one statement of it, shown on the trigger and
 * inbox settings (routing/pipeline.ts runs it).
 */
export const ROUTING_ORDER = [
  {
    step: "Triggers on “Issue created”",
    detail: "run in order; later triggers see earlier ones' changes. A trigger that sets a team decides.",
  },
  {
    step: "The channel's default team",
    detail: "an email inbox's team, only when no trigger set a team.",
  },
  {
    step: "The team's AI agent",
    detail: "a Router on that team reads its runbooks and moves the issue, or leaves it with the team.",
  },
  { step: "A person in the team", detail: "by the team's assignment rules (pooled teams keep a shared queue)." },
] as const;

/** Analytics: the metrics (definitions in the server's domain/metrics.ts) and what a metric can be grouped by. */
export const analyticsMetrics = [
  "first_response_time",
  "time_to_response",
  "resolution_time",
  "csat",
  "touches",
  "sla_attainment",
  "created",
  "resolved",
  "backlog",
  "reopens",
  "csat_response_rate",
] as const;
export const analyticsGroupings = [
  "none",
  "day",
  "week",
  "month",
  "team",
  "assignee",
  "channel",
  "account",
  "priority",
  "sla_target",
] as const;
/** How a metric's value reads: seconds (durations), issues or replies per issue, a share 0–1, a score. */
export const analyticsUnits = ["seconds", "count", "replies", "share", "score"] as const;

/** SLA targets, and the states that may pause their clocks. */
export const SLA_TARGETS = ["first_response", "next_response", "resolution"] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
export const SLA_PAUSE_STATES = ["on_customer", "on_hold"] as const;

/** The types of the issue event log (the server's domain/events.ts checks them against its union). */
export const issueEventTypes = [
  "created",
  "message",
  "state",
  "reopened",
  "assignee",
  "team",
  "priority",
  "tags",
  "field",
  "title",
  "merged",
  "merged_from",
  "message_edited",
  "message_deleted",
  "message_withdrawn",
  "reaction",
  "linked",
  "trigger",
  "ai_decision",
  "delivery_recovered",
  "sla_applied",
  "sla_breached",
  "csat",
  "csat_requested",
] as const;
/** An outbound webhook can subscribe to every event type of the log. */
export const webhookEventTypes = issueEventTypes;
export const webhookDeliveryStatuses = ["pending", "sending", "delivered", "failed"] as const;
/** What the audit log records (commands/audit.ts). */
export const auditActions = [
  "login.succeeded",
  "login.failed",
  "settings.changed",
  "user.created",
  "user.changed",
  "invitation.created",
  "invitation.revoked",
  "token.created",
  "token.revoked",
  "webhook.created",
  "webhook.changed",
  "webhook.deleted",
  "webhook.disabled",
  "audit.retention_changed",
  "export",
  "import",
] as const;
export type AuditAction = (typeof auditActions)[number];
/** draft → scheduled → sending → sent; cancelled from draft, scheduled or sending. */
export const broadcastStatuses = ["draft", "scheduled", "sending", "sent", "cancelled"] as const;
export const broadcastChannels = ["slack", "email", "both"] as const;
/** A recipient: queued → sending (intent recorded) → sent | failed; replied once a reply opened an issue. */
export const broadcastRecipientStatuses = ["queued", "sending", "sent", "failed", "replied", "cancelled"] as const;
/** The per-recipient variables a broadcast's body may use, as {{name}} or {{name|fallback}}. */
export const broadcastVariables = [
  "account.name",
  "account.tier",
  "account.type",
  "contact.name",
  "contact.first_name",
  "contact.email",
] as const;
