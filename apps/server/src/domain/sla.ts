// SLA clocks: from an issue's history (its event log, as a timeline) and the policy that applies,
// when each target is due and which were missed. Pure, so history can be replayed: the same
// events and the same policy give the same answer at any later time.
import { addBusinessMs, type BusinessCalendar, businessMsBetween } from "./businessHours";
import { ISSUE_STATES, type IssueState } from "./lifecycle";

export const SLA_TARGETS = ["first_response", "next_response", "resolution"] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
/** States that may stop the clocks (per policy). */
export type SlaPauseState = "on_customer" | "on_hold";

export interface SlaPolicyRules {
  /** Minutes per target; null: the policy sets no such target. */
  targets: Readonly<Record<SlaTarget, number | null>>;
  /** Business time counts only the calendar's working hours; calendar time counts every minute. */
  businessTime: boolean;
  /** States in which every clock stops until the customer writes (or an agent moves the issue on). */
  pauseOn: readonly SlaPauseState[];
}

/** What an SLA clock reacts to, in time order. */
export type SlaMoment =
  | { at: Date; kind: "opened" }
  | { at: Date; kind: "customer_message" }
  | { at: Date; kind: "agent_reply" }
  | { at: Date; kind: "state"; to: IssueState };

export type SlaStatus = "none" | "running" | "paused" | "met" | "breached";

export interface SlaTargetState {
  status: SlaStatus;
  /** When the running (or paused-after-breach) clock is or was due; null when none runs. */
  dueAt: Date | null;
}

export interface SlaBreach {
  target: SlaTarget;
  dueAt: Date;
}

export interface SlaState {
  targets: Record<SlaTarget, SlaTargetState>;
  /** Every missed target of the history, next responses once per customer wait. */
  breaches: SlaBreach[];
  /** Whether the clocks stand still now (a pause state). */
  paused: boolean;
}

/** One run of a target's clock: from its start to when it was met (or still going). */
interface Cycle {
  target: SlaTarget;
  /** Spans the clock ran, [start, end); the last one open (end null) while it runs. */
  spans: { start: number; end: number | null }[];
  met: boolean;
}

/** The clocks of `rules` over `moments`, as of `now` (later moments are ignored). */
export function slaState(
  rules: SlaPolicyRules,
  calendar: BusinessCalendar,
  moments: readonly SlaMoment[],
  now: Date,
): SlaState {
  const sorted = [...moments].sort((a, b) => a.at.getTime() - b.at.getTime());
  const cycles = replay(rules, sorted, now.getTime());
  const measure = rules.businessTime
    ? (a: number, b: number) => businessMsBetween(new Date(a), new Date(b), calendar)
    : (a: number, b: number) => b - a;
  const add = rules.businessTime
    ? (a: number, ms: number) => addBusinessMs(new Date(a), ms, calendar)
    : (a: number, ms: number) => new Date(a + ms);
  const none: SlaTargetState = { status: "none", dueAt: null };
  const targets: Record<SlaTarget, SlaTargetState> = { first_response: none, next_response: none, resolution: none };
  const breaches: SlaBreach[] = [];
  for (const cycle of cycles) {
    const minutes = rules.targets[cycle.target];
    if (minutes === null) continue;
    const outcome = dueOf(cycle, minutes * 60_000, measure, add, now.getTime());
    if (outcome.breached && outcome.dueAt) breaches.push({ target: cycle.target, dueAt: outcome.dueAt });
    targets[cycle.target] = outcome.state;
  }
  const last = lastState(sorted, now.getTime());
  return { targets, breaches, paused: isPaused(rules, last) };
}

function dueOf(
  cycle: Cycle,
  targetMs: number,
  measure: (a: number, b: number) => number,
  add: (a: number, ms: number) => Date | null,
  now: number,
): { state: SlaTargetState; breached: boolean; dueAt: Date | null } {
  let left = targetMs;
  for (const span of cycle.spans) {
    const end = span.end ?? Number.POSITIVE_INFINITY;
    const ran = span.end === null ? Number.POSITIVE_INFINITY : measure(span.start, span.end);
    if (ran > left || span.end === null) {
      const dueAt = add(span.start, left);
      // A clock still running is breached only once its due time has come.
      const breached = dueAt !== null && dueAt.getTime() < end && dueAt.getTime() <= now;
      const status: SlaStatus = breached ? "breached" : cycle.met ? "met" : "running";
      return { state: { status, dueAt: cycle.met && !breached ? null : dueAt }, breached, dueAt };
    }
    left -= ran;
  }
  // The clock stopped (met, or paused) before its target ran out.
  return { state: { status: cycle.met ? "met" : "paused", dueAt: null }, breached: false, dueAt: null };
}

function isPaused(rules: SlaPolicyRules, state: IssueState | null): boolean {
  return state !== null && (rules.pauseOn as readonly string[]).includes(state);
}

function lastState(moments: readonly SlaMoment[], now: number): IssueState | null {
  let state: IssueState | null = null;
  for (const m of moments) {
    if (m.at.getTime() > now) break;
    if (m.kind === "opened") state = "new";
    if (m.kind === "state") state = m.to;
  }
  return state;
}

/** Walks the history (in time order) once, opening and closing each target's clock. */
function replay(rules: SlaPolicyRules, sorted: readonly SlaMoment[], now: number): Cycle[] {
  const cycles: Cycle[] = [];
  const open: Partial<Record<SlaTarget, Cycle>> = {};
  let state: IssueState | null = null;
  let responded = false;
  let resolution: Cycle | undefined;
  const running = () => state !== null && state !== "closed" && !isPaused(rules, state);
  const stopAll = (at: number) => {
    for (const c of Object.values(open)) {
      const span = c.spans.at(-1);
      if (span && span.end === null) span.end = at;
    }
  };
  const startAll = (at: number) => {
    if (!running()) return;
    for (const c of Object.values(open)) {
      const span = c.spans.at(-1);
      if (!span || span.end !== null) c.spans.push({ start: at, end: null });
    }
  };
  const begin = (target: SlaTarget) => {
    const cycle: Cycle = { target, spans: [], met: false };
    cycles.push(cycle);
    open[target] = cycle;
    return cycle;
  };
  const meet = (target: SlaTarget, at: number) => {
    const cycle = open[target];
    if (!cycle) return;
    const span = cycle.spans.at(-1);
    if (span && span.end === null) span.end = at;
    cycle.met = true;
    delete open[target];
  };
  for (const m of sorted) {
    const at = m.at.getTime();
    if (at > now) break;
    stopAll(at);
    switch (m.kind) {
      case "opened":
        state = "new";
        begin("first_response");
        resolution = begin("resolution");
        break;
      case "customer_message":
        if (responded && !open.next_response) begin("next_response");
        break;
      case "agent_reply":
        if (!responded) meet("first_response", at);
        responded = true;
        meet("next_response", at);
        break;
      case "state":
        if (m.to === "closed") {
          // Resolved: nothing is owed any more; a reopening starts the resolution clock again.
          for (const t of SLA_TARGETS) meet(t, at);
        } else if (state === "closed" && resolution) {
          // Reopened: the resolution clock goes on from where closing stopped it.
          resolution.met = false;
          open.resolution = resolution;
        }
        state = m.to;
        break;
    }
    startAll(at);
  }
  return cycles;
}

/** The earliest due time among the targets still running (for sorting and the sweep), or null. */
export function nextDue(state: SlaState): Date | null {
  let next: Date | null = null;
  for (const t of SLA_TARGETS) {
    const { status, dueAt } = state.targets[t];
    if ((status === "running" || status === "breached") && dueAt && (!next || dueAt < next)) next = dueAt;
  }
  return next;
}

/** An event-log row as the SLA reads it. */
export interface SlaEventRow {
  type: string;
  data: unknown;
  createdAt: Date;
}

/**
 * The SLA's view of an issue's log: opening, public customer messages, public replies by people
 * or AI agents (notes and system messages are not responses), and state changes.
 */
export function slaMoments(events: readonly SlaEventRow[]): SlaMoment[] {
  const out: SlaMoment[] = [];
  for (const e of events) {
    const at = e.createdAt;
    const data = (e.data ?? {}) as Record<string, unknown>;
    if (e.type === "created") out.push({ at, kind: "opened" });
    if (e.type === "message" && data.visibility === "public") {
      if (data.authorType === "contact") out.push({ at, kind: "customer_message" });
      if (data.authorType === "user" || data.authorType === "agent") out.push({ at, kind: "agent_reply" });
    }
    if (e.type === "state" && typeof data.to === "string" && isState(data.to))
      out.push({ at, kind: "state", to: data.to });
  }
  return out;
}

const isState = (s: string): s is IssueState => (ISSUE_STATES as readonly string[]).includes(s);
