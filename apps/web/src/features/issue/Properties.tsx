// State, team, assignee, priority and tags, each edited in place (optimistic, with rollback).
import { useState } from "react";
import type { Issue, IssueState, Priority } from "../../api/types";
import { useCanWrite } from "../auth/useCanWrite";
import { useMe } from "../auth/useSession";
import { useTags, useTeams, useUsers } from "../directory/useDirectory";
import { ISSUE_STATES, PRIORITIES, PRIORITY_LABELS, STATE_LABELS } from "../issueDisplay/labels";
import { RoutingAudit } from "../routing/RoutingAudit";
import { useUpdateIssue } from "./useUpdateIssue";

export function Properties({ issue }: { issue: Issue }) {
  const me = useMe();
  const users = useUsers();
  const teams = useTeams();
  const update = useUpdateIssue();
  const write = useCanWrite();
  const n = issue.number;
  return (
    <section className="panel-section" aria-labelledby="props-title">
      <h2 id="props-title" className="visually-hidden">
        Properties
      </h2>
      {write.reason && <p className="muted small read-only-note">{write.reason}</p>}
      {/* A disabled fieldset disables every control inside: a viewer sees the values, not errors. */}
      <fieldset className="props-fieldset" disabled={!write.can}>
        <dl className="props">
          <Prop label="State" htmlFor="prop-state">
            <select
              id="prop-state"
              value={issue.state}
              onChange={(e) => {
                const state = e.target.value as IssueState;
                update.mutate({ number: n, patch: { state }, label: `Could not set #${n} to ${STATE_LABELS[state]}` });
              }}
            >
              {ISSUE_STATES.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </select>
          </Prop>
          <Prop label="Priority" htmlFor="prop-priority">
            <select
              id="prop-priority"
              value={issue.priority}
              onChange={(e) => update.mutate({ number: n, patch: { priority: e.target.value as Priority } })}
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABELS[p]}
                </option>
              ))}
            </select>
          </Prop>
          <Prop label="Team" htmlFor="prop-team">
            <select
              id="prop-team"
              value={issue.team?.id ?? ""}
              onChange={(e) => {
                const team = teams.data?.find((t) => t.id === e.target.value) ?? null;
                update.mutate({
                  number: n,
                  patch: { teamId: team?.id ?? null },
                  optimistic: { team: team && { id: team.id, name: team.name } },
                  label: `Could not move #${n} to ${team?.name ?? "no team"}`,
                });
              }}
            >
              <option value="">No team</option>
              {teams.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <RoutingAudit issue={issue} teamFieldId="prop-team" />
          </Prop>
          <Prop label="Assignee" htmlFor="prop-assignee">
            <div className="prop-row">
              <select
                id="prop-assignee"
                value={issue.assignee?.id ?? ""}
                onChange={(e) => {
                  const user = users.data?.find((u) => u.id === e.target.value) ?? null;
                  update.mutate({
                    number: n,
                    patch: { assigneeUserId: user?.id ?? null },
                    optimistic: { assignee: user && { id: user.id, name: user.name } },
                    label: `Could not assign #${n}`,
                  });
                }}
              >
                <option value="">{issue.assigneeAgentId ? "AI agent" : "Unassigned"}</option>
                {users.data
                  ?.filter((u) => !u.deactivated || u.id === issue.assignee?.id)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                      {u.away ? " (away)" : ""}
                    </option>
                  ))}
              </select>
              {issue.assignee?.id !== me.id && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    update.mutate({
                      number: n,
                      patch: { assigneeUserId: me.id },
                      optimistic: { assignee: { id: me.id, name: me.name } },
                    })
                  }
                >
                  Me
                </button>
              )}
            </div>
          </Prop>
          <Prop label="Tags">
            <TagsEditor issue={issue} />
          </Prop>
        </dl>
      </fieldset>
    </section>
  );
}

function Prop({ label, htmlFor, children }: { label: string; htmlFor?: string; children: React.ReactNode }) {
  return (
    <div className="prop">
      <dt>{htmlFor ? <label htmlFor={htmlFor}>{label}</label> : label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function TagsEditor({ issue }: { issue: Issue }) {
  const [draft, setDraft] = useState("");
  const tags = useTags();
  const update = useUpdateIssue();
  const save = (next: string[]) => update.mutate({ number: issue.number, patch: { tags: next } });
  const add = () => {
    const tag = draft.trim().toLowerCase();
    setDraft("");
    if (tag && !issue.tags.includes(tag)) save([...issue.tags, tag]);
  };
  return (
    <div className="tags-editor">
      {issue.tags.map((t) => (
        <span key={t} className="chip">
          {t}
          <button
            type="button"
            className="chip-x"
            aria-label={`Remove tag ${t}`}
            onClick={() => save(issue.tags.filter((x) => x !== t))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        className="tag-input"
        aria-label="Add tag"
        placeholder="Add tag…"
        list="known-tags"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          }
        }}
        onBlur={add}
      />
      <datalist id="known-tags">
        {tags.data?.map((t) => (
          <option key={t.id} value={t.name} />
        ))}
      </datalist>
    </div>
  );
}
