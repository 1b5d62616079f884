// The issue's Linear issues: their live state (webhooks keep it current), linking one by key or
// URL ("ENG-123"), or creating one in a team (with its labels) with a link back, and unlinking.
// While any is unfinished the issue waits on hold; when it ships, the issue comes back to its
// assignee with a note.
import type { LinearLink } from "@switchboard/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { request } from "../../api/client";
import type { Issue } from "../../api/types";
import { messageOf } from "../../ui/ErrorNotice";
import { showError, showToast } from "../../ui/toasts";
import { unlinkLinear, useLinearConnection, useLinearLabels, useLinearTeams } from "./api";
import "./linear.css";

const linksKey = (n: number) => ["issue", n, "linear-links"] as const;

export function LinearPanel({ issue }: { issue: Issue }) {
  const n = issue.number;
  const connection = useLinearConnection();
  const queryClient = useQueryClient();
  const unlink = useMutation({
    mutationFn: (l: LinearLink) => unlinkLinear(n, l.id),
    onSuccess: (_, l) => showToast(`Unlinked ${l.identifier}.`),
    onError: (e) => showError("Could not unlink", e),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["issue", n] }),
  });
  const links = useQuery({
    queryKey: linksKey(n),
    queryFn: ({ signal }) => request<{ items: LinearLink[] }>(`/issues/${n}/linear-links`, { signal }),
    select: (d) => d.items,
  });
  const connected = connection.data?.connected === true;
  return (
    <section className="panel-section linear-panel" aria-labelledby="linear-title">
      <h2 id="linear-title" className="panel-title">
        Linear
      </h2>
      {links.isError && <p className="inline-error">Linear links did not load: {messageOf(links.error)}</p>}
      {links.data && links.data.length > 0 && (
        <ul className="linear-links">
          {links.data.map((l) => (
            <li key={l.id}>
              <a href={l.url} target="_blank" rel="noreferrer" title={`${l.identifier} ${l.title}`}>
                <strong>{l.identifier}</strong> {l.title}
              </a>
              <span className={`chip linear-${l.stateType}`}>{l.stateName}</span>
              <button
                type="button"
                className="icon-button linear-unlink"
                aria-label={`Unlink ${l.identifier}`}
                title={`Unlink ${l.identifier}`}
                disabled={unlink.isPending}
                onClick={() => unlink.mutate(l)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {connection.data && !connected && (
        <p className="muted">
          Linear is not connected. An admin connects it in <a href="/settings/linear">Settings → Linear</a>.
        </p>
      )}
      {connection.data?.connected === true && (
        <LinkForm number={n} defaultTeamId={connection.data.defaultTeamId ?? ""} />
      )}
    </section>
  );
}

function LinkForm({ number, defaultTeamId }: { number: number; defaultTeamId: string }) {
  const [key, setKey] = useState("");
  const [teamId, setTeamId] = useState(defaultTeamId);
  const [labelIds, setLabelIds] = useState<string[]>([]);
  const queryClient = useQueryClient();
  const teams = useLinearTeams(true);
  const labels = useLinearLabels(teamId);
  const save = useMutation({
    mutationFn: (body: { issue: string } | { teamId: string; labelIds?: string[] }) =>
      request<LinearLink>(`/issues/${number}/linear-links`, { method: "POST", body }),
    onSuccess: () => {
      setKey("");
      setLabelIds([]);
      void queryClient.invalidateQueries({ queryKey: ["issue", number] });
    },
  });
  const link = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) save.mutate({ issue: key.trim() });
  };
  return (
    <div className="linear-forms">
      <form className="linear-row" onSubmit={link} aria-label="Link a Linear issue">
        <label htmlFor={`linear-key-${number}`} className="visually-hidden">
          Linear issue key or URL
        </label>
        <input
          id={`linear-key-${number}`}
          value={key}
          placeholder="ENG-123 or its URL"
          onChange={(e) => setKey(e.target.value)}
        />
        <button type="submit" className="button small" disabled={!key.trim() || save.isPending}>
          Link
        </button>
      </form>
      <div className="linear-row">
        <label htmlFor={`linear-team-${number}`} className="visually-hidden">
          Linear team
        </label>
        <select
          id={`linear-team-${number}`}
          value={teamId}
          onChange={(e) => {
            setTeamId(e.target.value);
            setLabelIds([]);
          }}
        >
          <option value="">{teams.isPending ? "Loading teams…" : "Create in team…"}</option>
          {teams.data?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.key} · {t.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button small"
          disabled={!teamId || save.isPending}
          onClick={() => save.mutate({ teamId, ...(labelIds.length > 0 && { labelIds }) })}
        >
          {save.isPending ? "Working…" : "Create"}
        </button>
      </div>
      {teamId && labels.data && labels.data.length > 0 && (
        <fieldset className="linear-labels">
          <legend className="visually-hidden">Labels of the new Linear issue</legend>
          {labels.data.map((l) => (
            <label key={l.id}>
              <input
                type="checkbox"
                checked={labelIds.includes(l.id)}
                onChange={(e) =>
                  setLabelIds(e.target.checked ? [...labelIds, l.id] : labelIds.filter((id) => id !== l.id))
                }
              />
              {l.color && <span className="linear-swatch" style={{ background: l.color }} aria-hidden="true" />}
              {l.name}
            </label>
          ))}
        </fieldset>
      )}
      {labels.isError && <p className="inline-error">Labels did not load: {messageOf(labels.error)}</p>}
      {save.isError && <p className="inline-error">{messageOf(save.error)}</p>}
    </div>
  );
}
