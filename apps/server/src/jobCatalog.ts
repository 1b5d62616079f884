// Every job of the product: what commands enqueue plus what each module adds for itself. The
// queue creates one pg-boss queue per name and parses each payload with its schema at entry.
// (Payload schemas only: the handlers come from the modules, wired by worker.ts.)
import type { z } from "zod";
import { SENTIMENT_JOBS } from "./ai/sentiment/jobs";
import { TOPICS_JOBS } from "./ai/topics/jobs";
import { EMAIL_JOBS } from "./channels/email/jobs";
import { SLACK_JOBS } from "./channels/slack/jobs";
import { WIDGET_JOBS } from "./channels/widget/jobs";
import { COMMAND_JOBS, type JobNameOf, type JobPayloadOf } from "./commands/jobs";
import { IDEMPOTENCY_JOBS } from "./idempotency/jobs";
import { AUDIT_JOBS } from "./integrations/auditLog/jobs";
import { CRM_JOBS } from "./integrations/crm/jobs";
import { WEBHOOK_JOBS } from "./integrations/webhooks/jobs";
import { KNOWLEDGE_JOBS } from "./knowledge/jobs";
import { ROUTING_JOBS } from "./routing/jobs";
import { SLA_COLLAPSING_JOBS, SLA_JOBS } from "./sla/jobs";

export const JOB_CATALOG = {
  ...COMMAND_JOBS,
  ...ROUTING_JOBS,
  ...SLACK_JOBS,
  ...SLA_JOBS,
  ...WIDGET_JOBS,
  ...EMAIL_JOBS,
  ...CRM_JOBS,
  ...WEBHOOK_JOBS,
  ...AUDIT_JOBS,
  ...TOPICS_JOBS,
  ...SENTIMENT_JOBS,
  ...KNOWLEDGE_JOBS,
  ...IDEMPOTENCY_JOBS,
};

/** Queues where one waiting job covers others with its key (QueueOptions.collapsing). */
export const COLLAPSING_JOBS: readonly JobNameOf<typeof JOB_CATALOG>[] = [...SLA_COLLAPSING_JOBS];

export type JobCatalog = typeof JOB_CATALOG;
export type JobName = JobNameOf<JobCatalog>;
export type JobPayload<N extends JobName> = JobPayloadOf<JobCatalog, N>;
/** What `enqueue`/`schedule` take for a job (the schema's input). */
export type JobInput<N extends JobName> = z.input<JobCatalog[N]>;
