// One agent up close: its runbooks (edit them) and its accuracy on this workspace's history —
// predicted team against the team people left the issue with.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../../../api/client";
import { ErrorNotice } from "../../../ui/ErrorNotice";
import { useCanEdit } from "../access";
import type { TeamDetail } from "../api";
import { type Column, NotAvailable, ResourceTable } from "../ResourceTable";
import { isMissingRoute, useSettingsList } from "../useSettings";
import type { Accuracy, Agent, Runbook } from "./model";
import { RunbookDialog } from "./RunbookDialog";

export function AgentDetail({ agent, teams }: { agent: Agent; teams: TeamDetail[] }) {
  const canEdit = useCanEdit();
  const runbooks = useSettingsList<Runbook>(`/ai-agents/${agent.id}/runbooks`);
  const [editing, setEditing] = useState<{ runbook: Runbook | null } | null>(null);

  const columns: Column<Runbook>[] = [
    {
      header: "Runbook",
      cell: (r) =>
        canEdit ? (
          <button type="button" className="link-button strong" onClick={() => setEditing({ runbook: r })}>
            {r.name}
          </button>
        ) : (
          <strong>{r.name}</strong>
        ),
    },
    { header: "Sends to", cell: (r) => r.targetTeamName ?? <span className="muted">Team deleted</span> },
    { header: "Instructions", className: "wide", cell: (r) => <span className="clip muted">{r.instructions}</span> },
    { header: "Examples", cell: (r) => r.examples.length },
    {
      header: "Status",
      cell: (r) => (
        <span className={`badge ${r.enabled ? "status-on" : "status-off"}`}>{r.enabled ? "On" : "Off"}</span>
      ),
    },
  ];

  return (
    <div className="agent-detail">
      <div className="subsection-head">
        <h3>Runbooks of {agent.name}</h3>
        {canEdit && (
          <button type="button" className="button" onClick={() => setEditing({ runbook: null })}>
            New runbook
          </button>
        )}
      </div>
      <ResourceTable
        label={`Runbooks of ${agent.name}`}
        noun="runbooks"
        query={runbooks}
        columns={columns}
        rowKey={(r) => r.id}
        empty="No runbooks: every issue stays with the agent's own team."
      />
      <AccuracyPanel agent={agent} />
      {editing && (
        <RunbookDialog agentId={agent.id} runbook={editing.runbook} teams={teams} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}

function AccuracyPanel({ agent }: { agent: Agent }) {
  const accuracy = useQuery({
    queryKey: ["directory", "settings", "accuracy", agent.id],
    queryFn: ({ signal }) => request<Accuracy>(`/ai-agents/${agent.id}/accuracy?limit=500`, { signal }),
    retry: (count, error) => !isMissingRoute(error) && count < 2,
  });
  return (
    <section className="accuracy" aria-labelledby="accuracy-title">
      <div className="subsection-head">
        <h3 id="accuracy-title">Accuracy</h3>
        {accuracy.data && accuracy.data.accuracy !== null && (
          <span className="accuracy-figure">
            <strong>{Math.round(accuracy.data.accuracy * 100)}%</strong> right · {accuracy.data.correct} of{" "}
            {accuracy.data.total} recent routing decisions
          </span>
        )}
      </div>
      {accuracy.isPending && <p className="state-line">Loading accuracy…</p>}
      {accuracy.isError &&
        (isMissingRoute(accuracy.error) ? (
          <NotAvailable noun="accuracy" />
        ) : (
          <ErrorNotice error={accuracy.error} onRetry={() => accuracy.refetch()} />
        ))}
      {accuracy.data && accuracy.data.total === 0 && (
        <p className="state-line empty settings-empty">
          No routing decisions yet: accuracy appears once it has routed issues.
        </p>
      )}
      {accuracy.data && accuracy.data.total > 0 && <Matrix data={accuracy.data} />}
      <p className="field-hint">
        Corrections count against the agent: when someone moves an issue it routed, the team they chose is the right
        answer. Individual decisions are shown on each issue.
      </p>
    </section>
  );
}

function Matrix({ data }: { data: Accuracy }) {
  const count = (p: string, a: string) => data.matrix.find((c) => c.predicted === p && c.actual === a)?.count ?? 0;
  const max = Math.max(1, ...data.matrix.map((c) => c.count));
  const name = (l: Accuracy["labels"][number]) => (l.id === "none" ? "Stayed" : l.name);
  return (
    <div className="settings-table-wrap matrix-wrap">
      <table className="settings-table matrix" aria-label="Confusion matrix">
        <thead>
          <tr>
            <th scope="col">Predicted ↓ · Actual →</th>
            {data.labels.map((l) => (
              <th key={l.id} scope="col">
                {name(l)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.labels.map((p) => (
            <tr key={p.id}>
              <th scope="row">{name(p)}</th>
              {data.labels.map((a) => {
                const n = count(p.id, a.id);
                const tone = p.id === a.id ? "hit" : "miss";
                return (
                  <td
                    key={a.id}
                    className={n ? `cell ${tone}` : "cell"}
                    style={n ? { background: shade(tone, n / max) } : undefined}
                  >
                    {n || ""}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Green on the diagonal (right), red off it (wrong); darker for more decisions. */
function shade(tone: "hit" | "miss", share: number) {
  const alpha = (0.12 + 0.45 * share).toFixed(2);
  return tone === "hit" ? `rgb(34 139 74 / ${alpha})` : `rgb(217 45 32 / ${alpha})`;
}
