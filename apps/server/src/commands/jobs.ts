// The jobs commands enqueue, each a name with the schema of its payload. The reactions to a
// change (routing, delivery, the Slack inbox drain) parse these payloads at entry, so a renamed
// field breaks the build, not a worker. Modules add their own jobs beside these (jobCatalog.ts).
import type { SQL } from "drizzle-orm";
import { z } from "zod";

const scoped = { workspaceId: z.string() };

export const COMMAND_JOBS = {
  /**
   * A new issue; `defaultTeamId` is its channel's team (an email inbox's), which routing gives
   * the issue only when no trigger on creation set a team.
   */
  "issue.created": z.object({ ...scoped, issueId: z.string(), defaultTeamId: z.string().nullish() }),
  "message.received": z.object({ ...scoped, issueId: z.string(), messageId: z.string() }),
  /** A person's (or a command's) change of an issue's state or team; routing re-reacts to it. */
  "issue.changed": z.object({
    ...scoped,
    issueId: z.string(),
    change: z.enum(["state", "team"]),
    from: z.string().nullable(),
    to: z.string().nullable(),
    /** Whether a person made the change (routing reacts only to theirs); absent on jobs queued before 2026-12-08. */
    byUser: z.boolean().optional(),
  }),
  /** A public reply to send through its issue's channel; `deferrals` counts waits behind earlier replies. */
  "message.deliver": z.object({
    ...scoped,
    issueId: z.string(),
    messageId: z.string(),
    channel: z.string(),
    deferrals: z.number().int().min(0).optional(),
  }),
  /** A correction taught a model something: `route:<agentId>` or the priority task. */
  "routing.retrain": z.object({ ...scoped, task: z.string() }),
  /**
   * Slack deliveries wait in the workspace's inbox; this drains it. `lane` (by channel) lets up to
   * SLACK_DRAIN_LANES drains of one workspace wait at once, so several workers share its inbox.
   */
  "slack.event": z.object({ ...scoped, lane: z.number().int().min(0).optional() }),
  /**
   * A one-time link for a person (password reset, set-password, invitation, email change), mailed
   * by the system mail sender. No secret travels here (the job table is not a vault): the sender
   * gives the link its secret when it mails it (`mintLinkSecret`), and only the hash is stored.
   */
  "account.mail": z.object({
    ...scoped,
    template: z.enum(["password_reset", "set_password", "invitation", "email_change"]),
    to: z.string(),
    linkId: z.string(),
    name: z.string().nullable(),
    invitedBy: z.string().nullable().optional(),
  }),
  /** Issues whose event log changed: their analytics facts are recomputed (commands/analytics.ts). */
  "analytics.refresh": z.object({ ...scoped, issueIds: z.array(z.string()) }),
  /** An SLA target was missed (its `sla_breached` event is recorded); sla_breached triggers react. */
  "sla.breached": z.object({ ...scoped, issueId: z.string(), target: z.string(), dueAt: z.string() }),
  /** SLA settings changed: the workspace's open issues are marked for the sweep, in batches. */
  "sla.stale": z.object(scoped),
  /** An internal thread's summary card to post in its internal Slack channel. */
  "internal.post": z.object({ ...scoped, threadId: z.string() }),
  /** A note written on the issue for an internal thread, to post in that Slack thread. */
  "internal.note": z.object({ ...scoped, messageId: z.string() }),
  /** A portal login asked for by email: the sender mints its code and link as it mails them (no secret here). */
  "portal.login": z.object({ ...scoped, loginId: z.string() }),
  /** A queued CRM sync run (Salesforce or HubSpot) to carry out (integrations/crm/sync.ts). */
  "crm.sync": z.object({ ...scoped, runId: z.string() }),
  /** A queued import run (Zendesk) to carry out or resume from its cursor (integrations/import). */
  "import.run": z.object({ ...scoped, runId: z.string() }),
  /** Common topics: collect new questions, then place them (`incremental`) or cluster all afresh (`full`). */
  "topics.cluster": z.object({ ...scoped, mode: z.enum(["full", "incremental"]) }),
  /** Sends a webhook's due deliveries of one issue, oldest event first (integrations/webhooks). */
  "webhooks.send": z.object({ ...scoped, webhookId: z.string(), issueId: z.string() }),
  /** A sending broadcast's Slack posts (slack module), one pass of claimed recipients. */
  "broadcast.slack": z.object({ ...scoped, broadcastId: z.string() }),
  /** A sending broadcast's emails (email module), one pass of claimed recipients. */
  "broadcast.email": z.object({ ...scoped, broadcastId: z.string() }),
};

/** A map of job name → payload schema; every payload names its workspace. */
export type JobSchemas = Record<string, z.ZodType<{ workspaceId: string }>>;
export type JobNameOf<C extends JobSchemas> = keyof C & string;
/** The payload a job's handler receives (parsed). */
export type JobPayloadOf<C extends JobSchemas, N extends JobNameOf<C>> = z.output<C[N]>;
export type QueuedJob<C extends JobSchemas> = {
  /** `singletonKey`: what a collapsing queue (jobs/queue.ts) merges waiting jobs by. */
  [N in JobNameOf<C>]: { name: N; data: z.input<C[N]>; startAfter?: number; singletonKey?: string };
}[JobNameOf<C>];

export type CommandJobs = typeof COMMAND_JOBS;
export type CommandJobName = JobNameOf<CommandJobs>;
export type CommandJobPayload<N extends CommandJobName> = JobPayloadOf<CommandJobs, N>;

export interface EnqueueOptions {
  /** Seconds to wait before the job may run. */
  startAfter?: number;
}

/**
 * What commands need of the job queue: the statement that enqueues jobs in their own transaction,
 * and an enqueue outside one (a deferred delivery). The queue in jobs/ implements it.
 */
export interface JobWriter {
  insertStatement(jobs: readonly QueuedJob<CommandJobs>[]): Promise<SQL>;
  enqueue(...job: EnqueueArgs<CommandJobs>): Promise<void>;
}

/**
 * `enqueue`'s arguments as a union of (name, payload) pairs: a payload is checked against its
 * own job's schema, and a queue over a larger catalog still serves as a JobWriter.
 */
export type EnqueueArgs<C extends JobSchemas, O = EnqueueOptions> = {
  [N in JobNameOf<C>]: [name: N, data: z.input<C[N]>, options?: O];
}[JobNameOf<C>];
