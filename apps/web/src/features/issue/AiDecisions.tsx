// What the AI decided on this issue (routing, priority…), why, and a one-click override.
// Hidden entirely on servers without the decisions endpoint.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { overrideDecision } from "../../api/client";
import type { AiDecision } from "../../api/types";
import { ageLabel } from "../../ui/time";
import { showError, showToast } from "../../ui/toasts";
import { useCustomFields, useTeams } from "../directory/useDirectory";
import { OverrideNote } from "../routing/RoutingAudit";
import { useDecisions } from "./useIssue";

export function AiDecisions({ number }: { number: number }) {
  const decisions = useDecisions(number);
  if (decisions.isPending || decisions.data === null) return null;
  return (
    <section className="panel-section" aria-labelledby="ai-title">
      <h2 id="ai-title" className="panel-title">
        AI decisions
      </h2>
      {decisions.isError && <p className="inline-error">AI decisions did not load.</p>}
      {decisions.data?.length === 0 && <p className="muted">None on this issue.</p>}
      <ul className="decisions">
        {decisions.data?.map((d) => (
          <Decision key={d.id} number={number} decision={d} />
        ))}
      </ul>
    </section>
  );
}

function Decision({ number, decision: d }: { number: number; decision: AiDecision }) {
  const teams = useTeams();
  const queryClient = useQueryClient();
  const [teamId, setTeamId] = useState("");
  const override = useMutation({
    mutationFn: (body: Record<string, unknown>) => overrideDecision(d.id, body),
    onSuccess: () => showToast("Override saved — it becomes a training label"),
    onError: (error) => showError("Could not override", error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["issue", number] }),
  });
  const routing = /rout/.test(d.kind);
  const fields = useCustomFields();
  const field =
    d.kind === "field" ? fields.data?.find((f) => f.object === "issue" && f.key === d.output.key) : undefined;
  const [value, setValue] = useState("");
  return (
    <li className="decision">
      <div className="decision-head">
        <span className="ai-badge">AI</span>
        <strong>{d.kind}</strong>
        <span>{summary(d, field?.label)}</span>
        {d.confidence !== null && <span className="muted">{Math.round(d.confidence * 100)}%</span>}
        <span className="muted">{ageLabel(d.createdAt)}</span>
      </div>
      {d.reason && <p className="decision-reason">{d.reason}</p>}
      {d.overriddenBy ? (
        <OverrideNote decision={d} />
      ) : field && field.options.length > 0 ? (
        <div className="prop-row">
          <select aria-label={`Set ${field.label} instead`} value={value} onChange={(e) => setValue(e.target.value)}>
            <option value="">{field.label} should be…</option>
            {field.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button small"
            aria-label={`Override ${field.label}`}
            disabled={!value || override.isPending}
            onClick={() => override.mutate({ value: field.type === "multiselect" ? [value] : value })}
          >
            Override
          </button>
        </div>
      ) : field && field.type === "text" ? (
        <form
          className="prop-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (value.trim()) override.mutate({ value: value.trim() });
          }}
        >
          <input
            aria-label={`Set ${field.label} instead`}
            placeholder={`${field.label} should be…`}
            value={value}
            maxLength={500}
            onChange={(e) => setValue(e.target.value)}
          />
          <button
            type="submit"
            className="button small"
            aria-label={`Override ${field.label}`}
            disabled={!value.trim() || override.isPending}
          >
            Override
          </button>
        </form>
      ) : (
        routing && (
          <div className="prop-row">
            <select aria-label="Route to team instead" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">Route to instead…</option>
              {teams.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button small"
              disabled={!teamId || override.isPending}
              onClick={() => override.mutate({ teamId })}
            >
              Override
            </button>
          </div>
        )
      )}
    </li>
  );
}

/**
 * One line for what the AI decided, in words: a field decision by the field's name and its value,
 * a draft, summary or answer by its opening words and how many sources it cites.
 */
function summary(d: AiDecision, fieldLabel: string | undefined): string {
  const output: unknown = d.output;
  if (output === null || output === undefined) return "";
  if (typeof output !== "object") return String(output);
  const o = output as Record<string, unknown>;
  if (d.kind === "field") {
    const value = Array.isArray(o.value) ? o.value.join(", ") : o.value === null ? "left empty" : String(o.value ?? "");
    return `${fieldLabel ?? String(o.key ?? "Field")}: ${value}`;
  }
  if (typeof o.text === "string") {
    const text = o.text.replace(/\s+/g, " ").trim();
    const opening = text.length > 80 ? `${text.slice(0, 79)}…` : text;
    const cited = Array.isArray(o.sources) ? o.sources.length : 0;
    return cited > 0 ? `${opening} · ${cited} source${cited === 1 ? "" : "s"}` : opening;
  }
  for (const key of ["teamName", "team", "priority", "value", "label", "action"]) {
    const v = o[key];
    if (typeof v === "string" || typeof v === "number") return String(v);
  }
  return JSON.stringify(output).slice(0, 80);
}
