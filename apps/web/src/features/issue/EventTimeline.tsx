// The event log in words (who changed what, when), collapsed until asked for.
import { useMemo, useState } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { ageLabel, dateLabel } from "../../ui/time";
import { useCustomFields, useTeams, useUsers } from "../directory/useDirectory";
import { useAgents } from "../routing/useAgents";
import { describeLog, type EventNames } from "./activity/describeEvent";
import { useEvents } from "./useIssue";

export function EventTimeline({ number }: { number: number }) {
  const [open, setOpen] = useState(false);
  const events = useEvents(number, open);
  const names = useEventNames();
  const lines = useMemo(() => (events.data ? describeLog(events.data, names) : []), [events.data, names]);
  return (
    <section className="panel-section">
      <button type="button" className="panel-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">{open ? "▾" : "▸"}</span> Activity
      </button>
      {open && events.isPending && <p className="muted">Loading…</p>}
      {open && events.isError && <ErrorNotice error={events.error} onRetry={() => events.refetch()} />}
      {open && events.data && (
        <ol className="timeline" aria-label="Activity">
          {events.data.map((e, i) => (
            <li key={e.seq}>
              <span>{lines[i]}</span>
              <time className="muted" dateTime={e.createdAt} title={dateLabel(e.createdAt)}>
                {ageLabel(e.createdAt)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Names for the ids the log carries: people, teams, AI agents, custom fields. */
export function useEventNames(): EventNames {
  const users = useUsers();
  const teams = useTeams();
  const agents = useAgents();
  const fields = useCustomFields();
  return useMemo(() => {
    const byId = (rows: { id: string; name: string }[] | undefined) => new Map(rows?.map((r) => [r.id, r.name]));
    const u = byId(users.data);
    const t = byId(teams.data);
    const a = byId(agents.data);
    const f = new Map(fields.data?.filter((x) => x.object === "issue").map((x) => [x.key, x.label]));
    return { user: (id) => u.get(id), team: (id) => t.get(id), agent: (id) => a.get(id), field: (key) => f.get(key) };
  }, [users.data, teams.data, agents.data, fields.data]);
}
