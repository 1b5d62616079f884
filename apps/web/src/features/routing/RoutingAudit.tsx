// Beside the Team field: who routed the issue and how sure it was — "Routed by Router → Billing
// (99%) · why · change" — the reason and runbook scores on demand, and who overrode it.
import { useState } from "react";
import type { AiDecision, Issue } from "../../api/types";
import { ageLabel } from "../../ui/time";
import { useUsers } from "../directory/useDirectory";
import { useDecisions } from "../issue/useIssue";
import { routeLine } from "./routeSummary";
import "./routing.css";

export function RoutingAudit({ issue, teamFieldId }: { issue: Issue; teamFieldId: string }) {
  const [open, setOpen] = useState(false);
  const route = issue.route;
  const decisions = useDecisions(issue.number);
  if (!route) return null;
  const decision = decisions.data?.find((d) => d.id === route.decisionId);
  return (
    <div className="routing-audit">
      <p className="routing-line">
        <span className="ai-badge">AI</span> {routeLine({ ...route, overridden: false })}
        {" · "}
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          why
        </button>
        {" · "}
        <button
          type="button"
          className="link-button"
          title="Pick another team: the Router learns from the correction"
          onClick={() => document.getElementById(teamFieldId)?.focus()}
        >
          change
        </button>
      </p>
      {decision?.overriddenAt && <OverrideNote decision={decision} />}
      {open && (decision ? <Why decision={decision} /> : <p className="muted small">Loading the reason…</p>)}
    </div>
  );
}

/** Who overrode the decision, from what to what. */
export function OverrideNote({ decision: d }: { decision: AiDecision }) {
  const users = useUsers();
  const who = users.data?.find((u) => u.id === d.overriddenBy)?.name ?? "A person";
  const chose = typeof d.output.teamName === "string" ? d.output.teamName : String(d.output.priority ?? "");
  const correction = d.correction ?? {};
  const at = d.overriddenAt && ` · ${ageLabel(d.overriddenAt)}`;
  if (d.kind === "field") {
    // An AI custom field: the field's name, the AI's value and the person's.
    const shown = (v: unknown) =>
      v === null || v === undefined || v === "" ? "empty" : Array.isArray(v) ? v.join(", ") : String(v);
    return (
      <p className="override-note small">
        {who} changed {typeof d.output.label === "string" ? d.output.label : "the field"} from {shown(d.output.value)}{" "}
        to {shown(correction.value)}
        {at} — kept as a training label.
      </p>
    );
  }
  const teamId = typeof correction.teamId === "string" ? correction.teamId : null;
  const instead =
    d.kind === "route" ? (teamId ? teamName(d, teamId) : "no team") : String(correction.priority ?? "another priority");
  return (
    <p className="override-note small">
      {who} changed {d.kind === "route" ? "the team" : "the priority"} from {chose} to {instead}
      {at} — kept as a training label.
    </p>
  );
}

function teamName(d: AiDecision, teamId: string): string {
  return (
    d.alternatives.find((a) => a.label === teamId)?.name ??
    (d.output.teamId === teamId ? String(d.output.teamName) : "another team")
  );
}

function Why({ decision: d }: { decision: AiDecision }) {
  return (
    <div className="routing-why">
      {d.reason && <p>{d.reason}</p>}
      {d.alternatives.length > 0 && (
        <ul className="route-scores" aria-label="Runbook scores">
          {[...d.alternatives]
            .sort((a, b) => b.probability - a.probability)
            .map((a) => (
              <li key={a.label}>
                <span>{a.name}</span>
                <meter min={0} max={1} value={a.probability} aria-label={`${a.name} score`} />
                <span className="muted">{Math.round(a.probability * 100)}%</span>
              </li>
            ))}
        </ul>
      )}
      <p className="muted small">Decided by {d.provider}.</p>
    </div>
  );
}
