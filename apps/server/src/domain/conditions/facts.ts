// The facts a condition reads: plain data about one issue (and, in event contexts, the event),
// gathered by the caller. Fields the context does not use may be left out.
import type { BusinessCalendar } from "../businessHours";

export interface ConditionFacts {
  issue: {
    title: string;
    channel: string;
    state: string;
    priority: string;
    teamId: string | null;
    assigneeUserId: string | null;
    assigneeAgentId: string | null;
    tags: readonly string[];
    customFields: Readonly<Record<string, unknown>>;
    source: Readonly<Record<string, string>>;
    /** Issue contexts only. */
    accountId?: string | null;
    createdAt?: Date;
    updatedAt?: Date;
    /** Title and message text, for in-memory `search`. */
    text?: string;
    /** Issue contexts only: the common topics its customer questions are in. */
    topicIds?: readonly string[];
  };
  account: {
    name: string;
    type: string | null;
    tier: string | null;
    ownerUserId: string | null;
    customFields: Readonly<Record<string, unknown>>;
    /** The account's labels (broadcast audiences, triggers). */
    tags?: readonly string[];
  } | null;
  contact: { name: string; email: string | null } | null;
  message: { text: string; authorType: string } | null;
  change?: { field: string; from: unknown; to: unknown } | null;
  now: Date;
  lastCustomerMessageAt?: Date | null;
  /** The issue's next SLA due time not yet missed (sla_warning triggers read it). */
  slaDueAt?: Date | null;
  /** The issue's SLA read model (`sla.*` fields); absent or null: no SLA applies. */
  sla?: SlaFacts | null;
  /** The issue's business-hours calendar (its team's, else the workspace's); `time.*` fields read it. */
  calendar?: BusinessCalendar;
}

export interface SlaFacts {
  policyId: string | null;
  breached: readonly string[];
  paused: boolean;
  /** The nearest due time of a running (or missed and still open) target. */
  dueAt: Date | null;
  firstResponseDueAt: Date | null;
  nextResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/** The issue's SLA as the `sla.state` field reads it: a miss first, then a pause, then a clock. */
export function slaStateOf(sla: SlaFacts | null | undefined): "breached" | "paused" | "running" | null {
  if (!sla) return null;
  if (sla.breached.length > 0) return "breached";
  if (sla.paused) return "paused";
  return sla.dueAt ? "running" : null;
}

/** What a field reads: undefined when the path names nothing, null when it names something unset. */
export type FactValue = string | number | boolean | readonly string[] | Date | null | undefined;
