// An issue's SLA at a glance for cards, rows and the issue page: the nearest target ("First
// response in 25m"), "breached" once one is missed, "paused" while the clocks stand still.
import type { Issue } from "@switchboard/api";
import { ageLabel, dateLabel } from "../../ui/time";
import "./sla.css";

type Sla = Issue["sla"];

const TARGET_LABEL = {
  first_response: "First response",
  next_response: "Next response",
  resolution: "Resolution",
} as const;
type Target = keyof typeof TARGET_LABEL;

/** The running target due first, with its due time. */
export function nearestTarget(sla: Sla): { target: Target; dueAt: string } | null {
  const due: [Target, string | null][] = [
    ["first_response", sla.firstResponseDueAt],
    ["next_response", sla.nextResponseDueAt],
    ["resolution", sla.resolutionDueAt],
  ];
  let best: { target: Target; dueAt: string } | null = null;
  for (const [target, dueAt] of due) {
    if (dueAt && (!best || Date.parse(dueAt) < Date.parse(best.dueAt))) best = { target, dueAt };
  }
  return best;
}

/** Within this long of its due time a target is shown as a warning. */
const SOON_MS = 60 * 60 * 1000;

export function SlaBadge({ sla, now = Date.now(), long = false }: { sla: Sla; now?: number; long?: boolean }) {
  if (!sla.policy) return null;
  const next = nearestTarget(sla);
  const overdue = next && Date.parse(next.dueAt) <= now;
  if (overdue || (sla.breached.length > 0 && !next)) {
    const what = next ? TARGET_LABEL[next.target] : TARGET_LABEL[sla.breached[0] ?? "resolution"];
    const since = next ? ` ${ageLabel(next.dueAt, now)} ago` : "";
    return (
      <span
        className="sla-badge sla-breached"
        title={`${sla.policy.name}: ${what} breached${next ? ` (due ${dateLabel(next.dueAt)})` : ""}`}
      >
        {long ? `${what} breached${since}` : `SLA breached${since}`}
      </span>
    );
  }
  if (sla.paused && !next) {
    return (
      <span className="sla-badge sla-paused" title={`${sla.policy.name}: clocks paused while the issue waits`}>
        SLA paused
      </span>
    );
  }
  if (!next) return null;
  const left = ageLabel(new Date(now - (Date.parse(next.dueAt) - now)).toISOString(), now);
  const soon = Date.parse(next.dueAt) - now <= SOON_MS;
  return (
    <span
      className={`sla-badge ${soon ? "sla-soon" : "sla-ok"}`}
      title={`${sla.policy.name}: ${TARGET_LABEL[next.target]} due ${dateLabel(next.dueAt)}`}
    >
      {long ? `${TARGET_LABEL[next.target]} due in ${left}` : `Due in ${left}`}
    </span>
  );
}
