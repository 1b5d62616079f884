// The issue's Linear issues: their live state (webhooks keep it current), linking one by key or
// URL ("ENG-123"), or creating one in a team with a link back. While any is unfinished the issue
// waits on hold; when it ships, the issue comes back to its assignee with a note.
import type { LinearConnection, LinearLink, LinearTeam } from "@switchboard/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { request } from "../../api/client";
import type { Issue } from "../../api/types";
import { messageOf } from "../../ui/ErrorNotice";
import "./linear.css";

const linksKey = (n: number) => ["issue", n, "linear-links"] as const;

export function LinearPanel({ issue }: { issue: Issue }) {
  const n = issue.number;
  const connection = useQuery({
    queryKey: ["directory", "linear"],
    queryFn: ({ signal }) => request<LinearConnection>("/integrations/linear", { signal }),
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
              <a href={l.url} target="_blank" rel="noreferrer">
                <strong>{l.identifier}</strong> {l.title}
              </a>
              <span className={`chip linear-${l.stateType}`}>{l.stateName}</span>
            </li>
          ))}
        </ul>
      )}
      {connection.data && !connected && (
        <p className="muted">
          Linear is not connected. An admin connects it with an API key (PUT /api/v1/integrations/linear).
        </p>
      )}
      {connected && <LinkForm number={n} />}
    </section>
  );
}

function LinkForm({ number }: { number: number }) {
  const [key, setKey] = useState("");
  const [teamId, setTeamId] = useState("");
  const queryClient = useQueryClient();
  const teams = useQuery({
    queryKey: ["directory", "linear", "teams"],
    queryFn: ({ signal }) => request<{ items: LinearTeam[] }>("/integrations/linear/teams", { signal }),
    select: (d) => d.items,
  });
  const save = useMutation({
    mutationFn: (body: { issue: string } | { teamId: string }) =>
      request<LinearLink>(`/issues/${number}/linear-links`, { method: "POST", body }),
    onSuccess: () => {
      setKey("");
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
        <select id={`linear-team-${number}`} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
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
          onClick={() => save.mutate({ teamId })}
        >
          {save.isPending ? "Working…" : "Create"}
        </button>
      </div>
      {save.isError && <p className="inline-error">{messageOf(save.error)}</p>}
    </div>
  );
}
