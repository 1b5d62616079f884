// The issue's event log (who changed what, when), collapsed until asked for.
import { useState } from "react";
import type { IssueEvent } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { ageLabel, dateLabel } from "../../ui/time";
import { useUsers } from "../directory/useDirectory";
import { useEvents } from "./useIssue";

export function EventTimeline({ number }: { number: number }) {
  const [open, setOpen] = useState(false);
  const events = useEvents(number, open);
  const users = useUsers();
  const who = (e: IssueEvent) =>
    e.actorType === "user" ? (users.data?.find((u) => u.id === e.actorId)?.name ?? "Someone") : e.actorType;
  return (
    <section className="panel-section">
      <button type="button" className="panel-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">{open ? "▾" : "▸"}</span> Activity
      </button>
      {open && events.isPending && <p className="muted">Loading…</p>}
      {open && events.isError && <ErrorNotice error={events.error} onRetry={() => events.refetch()} />}
      {open && events.data && (
        <ol className="timeline">
          {events.data.map((e) => (
            <li key={e.seq}>
              <span>
                <strong>{who(e)}</strong> {describe(e)}
              </span>
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

function describe(e: IssueEvent): string {
  const d = e.data;
  const show = (v: unknown) =>
    v === null || v === undefined ? "none" : typeof v === "object" ? JSON.stringify(v) : String(v);
  if ("from" in d || "to" in d) {
    const what = typeof d.key === "string" ? d.key : e.type;
    return `changed ${what} from ${show(d.from)} to ${show(d.to)}`;
  }
  if (e.type === "message") return d.visibility === "internal" ? "added a note" : "sent a message";
  return e.type.replaceAll("_", " ");
}
