// The analytics metrics, defined once over an issue's event log (domain/events.ts). Pure: the
// analytics job turns each issue's log into facts with `issueFacts`, SQL aggregates the facts
// (queries/analytics.ts), and the unit tests pin the rules below.
//
// Rules
// - A *customer message* is a message event written by a contact (any channel).
// - A *response* is a public message written by a person of the team (author `user`, visibility
//   `public`, actor `user`) in any channel. Internal notes are not responses; neither are
//   automatic replies: messages by the AI agent or the system, and messages a trigger sent.
// - *Time to response* is measured for every response that answers a waiting customer: from the
//   earliest customer message not yet answered to the response. A second reply in a row answers
//   nothing and is not measured (it still is a touch). *First response time* is the first such
//   wait of the issue. An issue opened by an agent starts waiting only when the customer writes.
// - *Touches* are all responses of the issue (whether or not a customer was waiting), counted
//   once the issue is resolved, in the period of its resolution.
// - *Resolution*: an issue is resolved when it is closed at the end of its log; it counts once,
//   in the period of its last close, and its resolution time runs from creation to that close
//   (time spent reopened included). Each close and each reopen is also a fact of its own, so
//   the backlog and the reopen count see the whole history.
// - *Reopens*: each move out of `closed` (a customer writing to a closed issue, or a person).
// - *Merged issues*: the log stays with the issue it was written on. An issue merged into another
//   counts as created, keeps the responses it received and its close (backlog), but is neither
//   resolved nor counted for resolution time or touches: the issue it was merged into carries on.
// - *SLA attainment*: an issue counts when an SLA policy applied to it (its latest `sla_applied`
//   names a policy), in the period of its creation; it attained a target when no `sla_breached`
//   names that target, and overall when none was breached. Targets the policy never set and that
//   were never breached are not counted for that target.
// - *CSAT*: the latest answer of each resolution (`csat` events; a changed click replaces the
//   first), in the period of the answer. Nothing is estimated where no one answered.
// - *CSAT response rate*: each resolution a survey went out for (`csat_requested`, any channel;
//   the first one counts when several channels asked) is one fact at the time it was asked,
//   1 when that resolution got an answer, else 0; the rate is their mean (responses / surveys).
// - *Backlog* at a moment: issues created before it and not closed at it.
// Every duration is given in calendar seconds and in business seconds (businessHours.ts).
// Medians and p90s are exact (percentile_cont over the facts) except where the per-day histograms
// answer (ungrouped, by team or by UTC time bucket; unfiltered or by team): there they are within
// 5 % of the exact value (domain/histogram.ts); counts and means are always exact.
import type { analyticsMetrics, analyticsUnits } from "@switchboard/api/vocabulary";
import { BUSINESS_HOURS, type BusinessCalendar, businessHoursBetween } from "./businessHours";
import type { IssueEvent, IssueEventType } from "./events";

/** An event as the analytics job reads it from the log. */
export type LoggedEvent = IssueEvent & {
  actorType: "user" | "contact" | "agent" | "system" | "trigger";
  createdAt: Date;
};

export const METRIC_FACT_KINDS = [
  "created",
  "first_response",
  "response",
  "resolution",
  "touches",
  "closed",
  "reopened",
  "sla",
  "csat",
  "csat_survey",
] as const;
export type MetricFactKind = (typeof METRIC_FACT_KINDS)[number];

export const SLA_TARGETS = ["first_response", "next_response", "resolution"] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** One measurable thing that happened to an issue at `at`. */
export interface MetricFact {
  kind: MetricFactKind;
  at: Date;
  /** Durations, in calendar and business seconds. */
  seconds: number | null;
  businessSeconds: number | null;
  /** Touches: the count; SLA: 1 attained, 0 breached; CSAT: the score. */
  value: number | null;
  /** SLA: the target (`overall` for all of them together). */
  target: SlaTarget | "overall" | null;
}

/**
 * How each metric reads the facts: durations (seconds: mean, median, p90), counts of facts,
 * values per fact (touches, CSAT score: mean, median, p90), a share (SLA: attained / counted),
 * or the backlog (open issues at the end of the period, from creations, closes and reopens).
 */
export type MetricMeasure = "duration" | "count" | "value" | "share" | "backlog";
export interface MetricDefinition {
  fact: MetricFactKind;
  measure: MetricMeasure;
  unit: (typeof analyticsUnits)[number];
}

export const METRICS: Readonly<Record<(typeof analyticsMetrics)[number], MetricDefinition>> = {
  first_response_time: { fact: "first_response", measure: "duration", unit: "seconds" },
  time_to_response: { fact: "response", measure: "duration", unit: "seconds" },
  resolution_time: { fact: "resolution", measure: "duration", unit: "seconds" },
  csat: { fact: "csat", measure: "value", unit: "score" },
  csat_response_rate: { fact: "csat_survey", measure: "share", unit: "share" },
  touches: { fact: "touches", measure: "value", unit: "replies" },
  sla_attainment: { fact: "sla", measure: "share", unit: "share" },
  created: { fact: "created", measure: "count", unit: "count" },
  resolved: { fact: "resolution", measure: "count", unit: "count" },
  backlog: { fact: "created", measure: "backlog", unit: "count" },
  reopens: { fact: "reopened", measure: "count", unit: "count" },
};

/** The event types that change an issue's facts: a command writing one asks for a refresh. */
export const METRIC_EVENT_TYPES: ReadonlySet<IssueEventType> = new Set<IssueEventType>([
  "created",
  "message",
  "state",
  "merged",
  "sla_applied",
  "sla_breached",
  "csat",
  "csat_requested",
]);

export function isResponse(event: LoggedEvent): boolean {
  return (
    event.type === "message" &&
    event.data.authorType === "user" &&
    event.data.visibility === "public" &&
    event.actorType === "user"
  );
}

export function isCustomerMessage(event: LoggedEvent): boolean {
  return event.type === "message" && event.data.authorType === "contact";
}

/** Seconds of `from`–`to`, in calendar time and in business hours of the calendar. */
export function durationOf(
  from: Date,
  to: Date,
  calendar: BusinessCalendar = BUSINESS_HOURS,
): { seconds: number; businessSeconds: number } {
  return {
    seconds: Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)),
    businessSeconds: Math.round(businessHoursBetween(from, to, calendar) * 3600),
  };
}

/**
 * The facts of one issue, from its whole log in order. Business seconds count the issue's
 * calendar (its team's, else the workspace's default, else Monday to Friday 9–17 UTC).
 */
export function issueFacts(events: readonly LoggedEvent[], calendar: BusinessCalendar = BUSINESS_HOURS): MetricFact[] {
  const created = events.find((e) => e.type === "created")?.createdAt ?? events[0]?.createdAt;
  if (!created) return [];
  const facts: MetricFact[] = [fact("created", created)];
  let waitingSince: Date | null = null;
  let responded = false;
  let touches = 0;
  let closed = false;
  let lastClose: Date | null = null;
  let merged = false;
  // CSAT: the latest answer of each resolution counts (a changed click replaces the first).
  const csat = new Map<number, MetricFact>();
  // CSAT surveys: when each resolution was first asked about.
  const surveys = new Map<number, Date>();
  for (const event of events) {
    if (isCustomerMessage(event)) {
      waitingSince ??= event.createdAt;
    } else if (isResponse(event)) {
      touches += 1;
      if (waitingSince) {
        const wait = durationOf(waitingSince, event.createdAt, calendar);
        if (!responded) facts.push({ ...fact("first_response", event.createdAt), ...wait });
        facts.push({ ...fact("response", event.createdAt), ...wait });
        responded = true;
        waitingSince = null;
      }
    } else if (event.type === "state") {
      if (event.data.to === "closed" && event.data.from !== "closed") {
        closed = true;
        lastClose = event.createdAt;
        facts.push(fact("closed", event.createdAt));
      } else if (event.data.from === "closed" && event.data.to !== "closed") {
        closed = false;
        facts.push(fact("reopened", event.createdAt));
      }
    } else if (event.type === "merged") {
      merged = true;
    } else if (event.type === "csat") {
      csat.set(event.data.resolution, { ...fact("csat", event.createdAt), value: event.data.score });
    } else if (event.type === "csat_requested" && !surveys.has(event.data.resolution)) {
      surveys.set(event.data.resolution, event.createdAt);
    }
  }
  facts.push(...csat.values());
  for (const [resolution, asked] of surveys) {
    facts.push({ ...fact("csat_survey", asked), value: csat.has(resolution) ? 1 : 0 });
  }
  if (closed && lastClose && !merged) {
    facts.push({ ...fact("resolution", lastClose), ...durationOf(created, lastClose, calendar) });
    facts.push({ ...fact("touches", lastClose), value: touches });
  }
  facts.push(...slaFacts(events, created));
  return facts;
}

function slaFacts(events: readonly LoggedEvent[], created: Date): MetricFact[] {
  let policy: string | null = null;
  const targets = new Set<SlaTarget>();
  const breached = new Set<SlaTarget>();
  for (const event of events) {
    if (event.type === "sla_applied") {
      policy = event.data.policyId;
      if (event.data.firstResponseDueAt) targets.add("first_response");
      if (event.data.nextResponseDueAt) targets.add("next_response");
      if (event.data.resolutionDueAt) targets.add("resolution");
    } else if (event.type === "sla_breached") {
      breached.add(event.data.target);
      targets.add(event.data.target);
    }
  }
  if (!policy) return [];
  const sla = (target: SlaTarget | "overall", attained: boolean): MetricFact => ({
    ...fact("sla", created),
    value: attained ? 1 : 0,
    target,
  });
  return [
    sla("overall", breached.size === 0),
    ...SLA_TARGETS.filter((t) => targets.has(t)).map((t) => sla(t, !breached.has(t))),
  ];
}

function fact(kind: MetricFactKind, at: Date): MetricFact {
  return { kind, at, seconds: null, businessSeconds: null, value: null, target: null };
}

/** The issues of a command's events whose facts may have changed. */
export function issuesToRefresh(events: readonly { issueId: string; type: IssueEventType }[]): string[] {
  return [...new Set(events.filter((e) => METRIC_EVENT_TYPES.has(e.type)).map((e) => e.issueId))];
}
