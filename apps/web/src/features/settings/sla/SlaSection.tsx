// Business hours and SLA policies: calendars (weekly hours in a time zone, holidays), which team
// runs on which calendar, and the policies that give issues response and resolution targets,
// first match wins. Everyone on the staff reads them; admins add, edit, reorder and remove them.
import { useState } from "react";
import { showError, showToast } from "../../../ui/toasts";
import { useAccounts, useCustomFields, useTags, useTeams, useUsers } from "../../directory/useDirectory";
import { useCanEdit } from "../access";
import { CheckField, SelectField, TextAreaField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { movedPositions, OrderButtons } from "../Reorder";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { ConditionEditor, conditionProblem } from "../triggers/ConditionEditor";
import { fieldCatalog } from "../triggers/catalog";
import { type ConditionNode, topLevel } from "../triggers/model";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import {
  type Calendar,
  type CalendarIn,
  createCalendar,
  createSlaPolicy,
  deleteCalendar,
  deleteSlaPolicy,
  SLA_PATHS,
  type SlaPolicy,
  type SlaPolicyIn,
  setTeamCalendar,
  updateCalendar,
  updateSlaPolicy,
} from "./slaApi";
import "../../sla/sla.css";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function SlaSection() {
  return (
    <>
      <CalendarsPart />
      <TeamCalendarsPart />
      <PoliciesPart />
    </>
  );
}

function hoursSummary(c: Calendar): string {
  if (c.hours.length === 0) return "No working hours";
  const byTime = new Map<string, number[]>();
  for (const h of c.hours) byTime.set(`${h.start}–${h.end}`, [...(byTime.get(`${h.start}–${h.end}`) ?? []), h.day]);
  return [...byTime].map(([time, days]) => `${days.map((d) => DAYS[d]).join(", ")} ${time}`).join("; ");
}

function CalendarsPart() {
  const canEdit = useCanEdit();
  const calendars = useSettingsList<Calendar>(SLA_PATHS.calendars);
  const remove = useSettingsMutation((c: Calendar) => deleteCalendar(c.id));
  const [editing, setEditing] = useState<{ calendar: Calendar | null } | null>(null);
  const columns: Column<Calendar>[] = [
    {
      header: "Calendar",
      className: "wide",
      cell: (c) => {
        const label = `${c.name}${c.isDefault ? " (default)" : ""}`;
        return canEdit ? (
          <button type="button" className="link-button strong" onClick={() => setEditing({ calendar: c })}>
            {label}
          </button>
        ) : (
          <strong>{label}</strong>
        );
      },
    },
    { header: "Time zone", cell: (c) => <code>{c.timeZone}</code> },
    { header: "Hours", cell: hoursSummary },
    { header: "Holidays", cell: (c) => (c.holidays.length === 0 ? "—" : c.holidays.map((h) => h.name).join(", ")) },
  ];
  if (canEdit)
    columns.push({
      header: "Actions",
      className: "actions",
      cell: (c) => (
        <button
          type="button"
          className="button small danger"
          aria-label={`Delete calendar ${c.name}`}
          onClick={() => {
            if (!window.confirm(`Delete the calendar “${c.name}”? Teams and policies on it fall back to the default.`))
              return;
            remove.mutate(c, {
              onSuccess: () => showToast(`Deleted “${c.name}”.`),
              onError: (e) => showError("Could not delete the calendar", e),
            });
          }}
        >
          Delete
        </button>
      ),
    });
  return (
    <Section
      title="Business hours"
      description="Working hours per weekday in a time zone, less holidays. SLA clocks in business time and no-reply triggers count only these hours; without a calendar, Monday to Friday 9–17 UTC."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setEditing({ calendar: null })}>
            New calendar
          </button>
        )
      }
    >
      <ResourceTable
        label="Business-hours calendars"
        noun="calendars"
        query={calendars}
        columns={columns}
        rowKey={(c) => c.id}
        empty="No calendars yet: issues run on Monday to Friday, 9–17 UTC."
      />
      {editing && <CalendarDialog calendar={editing.calendar} onClose={() => setEditing(null)} />}
    </Section>
  );
}

/** "2026-12-24..2026-12-26 Christmas" or "2026-01-01 New Year" per line. */
function parseHolidays(text: string): {
  holidays: { name: string; from: string; to: string }[];
  problem: string | null;
} {
  const holidays = [];
  for (const line of text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?\s+(.+)$/.exec(line);
    if (!m?.[1] || !m[3]) return { holidays: [], problem: `“${line}” is not “YYYY-MM-DD[..YYYY-MM-DD] Name”.` };
    holidays.push({ from: m[1], to: m[2] ?? m[1], name: m[3] });
  }
  return { holidays, problem: null };
}

/** The calendar's holidays as the dialog's text: one per line. */
const holidayText = (c: Calendar | null) =>
  (c?.holidays ?? []).map((h) => `${h.from}${h.to === h.from ? "" : `..${h.to}`} ${h.name}`).join("\n");

function CalendarDialog({ calendar, onClose }: { calendar: Calendar | null; onClose: () => void }) {
  // The dialog edits one span for the days it checks; a calendar with differing spans per day
  // starts from its first one.
  const first = calendar?.hours[0];
  const [name, setName] = useState(calendar?.name ?? "");
  const [timeZone, setTimeZone] = useState(calendar?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [days, setDays] = useState(calendar ? [...new Set(calendar.hours.map((h) => h.day))].sort() : [1, 2, 3, 4, 5]);
  const [start, setStart] = useState(first?.start ?? "09:00");
  const [end, setEnd] = useState(first?.end ?? "17:00");
  const [holidays, setHolidays] = useState(holidayText(calendar));
  const [isDefault, setIsDefault] = useState(calendar?.isDefault ?? false);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSettingsMutation((input: CalendarIn) =>
    calendar ? updateCalendar(calendar.id, input) : createCalendar(input),
  );
  const submit = () => {
    const { holidays: parsed, problem: bad } = parseHolidays(holidays);
    const why = !name.trim() ? "Name the calendar." : end <= start ? "Hours must end after they start." : bad;
    setProblem(why);
    if (why) return;
    save.mutate(
      { name: name.trim(), timeZone, hours: days.map((day) => ({ day, start, end })), holidays: parsed, isDefault },
      {
        onSuccess: () => {
          showToast(calendar ? `Saved “${name.trim()}”.` : `Added “${name.trim()}”.`);
          onClose();
        },
      },
    );
  };
  return (
    <FormDialog
      title={calendar ? `Edit calendar: ${calendar.name}` : "New business-hours calendar"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={calendar ? "Save calendar" : "Add calendar"}
      pending={save.isPending}
      error={problem ?? (save.error ? save.error.message : null)}
    >
      <TextField label="Name" value={name} onChange={setName} autoFocus />
      <TextField
        label="Time zone (IANA)"
        value={timeZone}
        onChange={setTimeZone}
        hint="e.g. Europe/Berlin, America/New_York"
      />
      <fieldset className="field">
        <legend>Working days</legend>
        {DAYS.map((label, day) => (
          <label key={label} className="inline-check">
            <input
              type="checkbox"
              checked={days.includes(day)}
              onChange={(e) => setDays(e.target.checked ? [...days, day].sort() : days.filter((d) => d !== day))}
            />{" "}
            {label}
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <TextField label="From" value={start} onChange={setStart} />
        <TextField label="To" value={end} onChange={setEnd} />
      </div>
      <TextAreaField
        label="Holidays"
        value={holidays}
        onChange={setHolidays}
        hint="One per line: 2026-12-24..2026-12-26 Christmas"
      />
      <CheckField label="Default calendar of the workspace" checked={isDefault} onChange={setIsDefault} />
    </FormDialog>
  );
}

/** Which calendar each team's issues run on: a team without one runs on the workspace's default. */
function TeamCalendarsPart() {
  const canEdit = useCanEdit();
  const teams = useTeams();
  const calendars = useSettingsList<Calendar>(SLA_PATHS.calendars);
  const assign = useSettingsMutation(({ teamId, calendarId }: { teamId: string; calendarId: string | null }) =>
    setTeamCalendar(teamId, calendarId),
  );
  const list = calendars.data ?? [];
  const fallback = list.find((c) => c.isDefault)?.name ?? "Monday to Friday, 9–17 UTC";
  const calendarOf = (teamId: string) => list.find((c) => c.teamIds.includes(teamId))?.id ?? "";
  type TeamRow = { id: string; name: string };
  const columns: Column<TeamRow>[] = [
    { header: "Team", className: "wide", cell: (t) => <strong>{t.name}</strong> },
    {
      header: "Calendar",
      cell: (t) =>
        canEdit ? (
          <select
            aria-label={`Calendar of ${t.name}`}
            value={calendarOf(t.id)}
            disabled={assign.isPending}
            onChange={(e) => {
              const chosen = e.target.selectedOptions[0]?.text ?? "its calendar";
              assign.mutate(
                { teamId: t.id, calendarId: e.target.value || null },
                {
                  onSuccess: () => showToast(`${t.name} now runs on ${chosen}.`),
                  onError: (err) => showError("Could not change the team's calendar", err),
                },
              );
            }}
          >
            <option value="">Default ({fallback})</option>
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        ) : (
          (list.find((c) => c.id === calendarOf(t.id))?.name ?? `Default (${fallback})`)
        ),
    },
  ];
  return (
    <Section
      title="Team calendars"
      description="Each team's issues count business hours on its calendar; an SLA policy can name its own instead."
    >
      <ResourceTable
        label="Team calendars"
        noun="teams"
        query={teams}
        columns={columns}
        rowKey={(t) => t.id}
        empty="No teams yet."
      />
    </Section>
  );
}

const minutesLabel = (m: number | null) =>
  m === null ? "—" : m % (24 * 60) === 0 ? `${m / (24 * 60)} d` : m % 60 === 0 ? `${m / 60} h` : `${m} min`;

function PoliciesPart() {
  const canEdit = useCanEdit();
  const policies = useSettingsList<SlaPolicy>(SLA_PATHS.policies);
  const calendars = useSettingsList<Calendar>(SLA_PATHS.calendars);
  const remove = useSettingsMutation((p: SlaPolicy) => deleteSlaPolicy(p.id));
  const patch = useSettingsMutation(({ id, input }: { id: string; input: Partial<SlaPolicyIn> }) =>
    updateSlaPolicy(id, input),
  );
  const [editing, setEditing] = useState<{ policy: SlaPolicy | null } | null>(null);
  const list = policies.data ?? [];
  const move = (index: number, by: -1 | 1) => {
    for (const { id, position } of movedPositions(list, index, by))
      patch.mutate({ id, input: { position } }, { onError: (e) => showError("Could not reorder", e) });
  };
  const calendarName = (id: string | null) =>
    id ? (calendars.data?.find((c) => c.id === id)?.name ?? "—") : "Team's or default";
  const columns: Column<SlaPolicy>[] = [
    { header: "#", className: "narrow", cell: (p) => list.indexOf(p) + 1 },
    {
      header: "Policy",
      className: "sla-policy-name",
      cell: (p) =>
        canEdit ? (
          <button type="button" className="link-button strong" onClick={() => setEditing({ policy: p })}>
            {p.name}
          </button>
        ) : (
          <strong>{p.name}</strong>
        ),
    },
    {
      // The targets set, one per line: three columns of mostly "—" did not fit 1280 px.
      header: "Targets",
      className: "sla-targets",
      cell: (p) => {
        const targets = [
          ["First response", p.firstResponseMinutes],
          ["Next response", p.nextResponseMinutes],
          ["Resolution", p.resolutionMinutes],
        ] as const;
        const set = targets.filter(([, m]) => m !== null);
        if (set.length === 0) return <span className="muted">None</span>;
        return set.map(([label, m]) => (
          <span key={label}>
            <span className="muted">{label}</span> {minutesLabel(m)}
          </span>
        ));
      },
    },
    {
      // What the clock counts and when it stops, in one cell: two columns wrapped at 1280 px.
      header: "Clock",
      className: "sla-clock",
      cell: (p) => (
        <>
          <span>{p.businessTime ? `Business hours (${calendarName(p.calendarId)})` : "Around the clock"}</span>
          <span className="muted">
            {p.pauseOn.length === 0 ? "Never pauses" : `Pauses: ${p.pauseOn.join(", ").replaceAll("_", " ")}`}
          </span>
        </>
      ),
    },
    {
      header: "Status",
      cell: (p) =>
        canEdit ? (
          <label className="field inline small">
            <input
              type="checkbox"
              aria-label={`${p.name} on`}
              checked={p.enabled}
              onChange={(e) => patch.mutate({ id: p.id, input: { enabled: e.target.checked } })}
            />
            {p.enabled ? "On" : "Off"}
          </label>
        ) : (
          <span className={`badge ${p.enabled ? "status-on" : "status-off"}`}>{p.enabled ? "On" : "Off"}</span>
        ),
    },
  ];
  if (canEdit)
    columns.push({
      header: "Order",
      className: "actions",
      cell: (p) => (
        <span className="row-actions">
          <OrderButtons
            name={p.name}
            index={list.indexOf(p)}
            count={list.length}
            busy={patch.isPending}
            onMove={(by) => move(list.indexOf(p), by)}
          />
          <button
            type="button"
            className="button small danger"
            aria-label={`Delete SLA policy ${p.name}`}
            onClick={() => {
              if (!window.confirm(`Delete the SLA policy “${p.name}”?`)) return;
              remove.mutate(p, {
                onSuccess: () => showToast(`Deleted “${p.name}”.`),
                onError: (e) => showError("Could not delete the policy", e),
              });
            }}
          >
            Delete
          </button>
        </span>
      ),
    });
  return (
    <Section
      title="SLA policies"
      description="Tried in order; the first whose conditions match an issue sets its targets. Raising the priority can move an issue to a stricter policy."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setEditing({ policy: null })}>
            New SLA policy
          </button>
        )
      }
    >
      <ResourceTable
        label="SLA policies"
        noun="SLA policies"
        query={policies}
        columns={columns}
        rowKey={(p) => p.id}
        empty="No SLA policies yet: issues have no response or resolution targets."
      />
      {editing && (
        <PolicyDialog
          policy={editing.policy}
          nextPosition={(list.at(-1)?.position ?? -10) + 10}
          calendars={calendars.data ?? []}
          onClose={() => setEditing(null)}
        />
      )}
    </Section>
  );
}

type PolicyDialogProps = {
  policy: SlaPolicy | null;
  nextPosition: number;
  calendars: Calendar[];
  onClose: () => void;
};

const minutesText = (m: number | null | undefined, fallback = "") =>
  m === null || m === undefined ? fallback : String(m);

function PolicyDialog({ policy, nextPosition, calendars, onClose }: PolicyDialogProps) {
  const start = topLevel(policy?.conditions ?? { all: [] });
  const [name, setName] = useState(policy?.name ?? "");
  const [match, setMatch] = useState<"all" | "any">(start.match);
  const [conditions, setConditions] = useState<ConditionNode[]>(start.items);
  const [first, setFirst] = useState(minutesText(policy?.firstResponseMinutes, policy ? "" : "60"));
  const [next, setNext] = useState(minutesText(policy?.nextResponseMinutes));
  const [resolution, setResolution] = useState(minutesText(policy?.resolutionMinutes));
  const [businessTime, setBusinessTime] = useState(policy?.businessTime ?? true);
  const [calendarId, setCalendarId] = useState(policy?.calendarId ?? "");
  const [pauseCustomer, setPauseCustomer] = useState(policy ? policy.pauseOn.includes("on_customer") : true);
  const [pauseHold, setPauseHold] = useState(policy ? policy.pauseOn.includes("on_hold") : true);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSettingsMutation((input: SlaPolicyIn) =>
    policy ? updateSlaPolicy(policy.id, input) : createSlaPolicy({ ...input, position: nextPosition }),
  );
  const { catalog, choices } = useIssueConditionChoices();
  const minutes = (v: string) => (v.trim() === "" ? null : Number(v));
  const submit = () => {
    const targets = [first, next, resolution].map(minutes);
    const why = !name.trim()
      ? "Name the policy."
      : targets.some((t) => t !== null && (!Number.isInteger(t) || t < 1))
        ? "Targets are whole minutes (or empty for none)."
        : targets.every((t) => t === null)
          ? "Set at least one target."
          : conditionProblem(conditions);
    setProblem(why);
    if (why) return;
    save.mutate(
      {
        name: name.trim(),
        conditions: match === "any" ? { any: conditions } : { all: conditions },
        firstResponseMinutes: minutes(first),
        nextResponseMinutes: minutes(next),
        resolutionMinutes: minutes(resolution),
        businessTime,
        calendarId: calendarId || null,
        pauseOn: [...(pauseCustomer ? ["on_customer" as const] : []), ...(pauseHold ? ["on_hold" as const] : [])],
      },
      {
        onSuccess: () => {
          showToast(policy ? `Saved “${name.trim()}”.` : `Added “${name.trim()}”.`);
          onClose();
        },
      },
    );
  };
  return (
    <FormDialog
      title={policy ? `Edit SLA policy: ${policy.name}` : "New SLA policy"}
      wide
      onClose={onClose}
      onSubmit={submit}
      submitLabel={policy ? "Save policy" : "Add policy"}
      pending={save.isPending}
      error={problem ?? (save.error ? save.error.message : null)}
    >
      <TextField label="Name" value={name} onChange={setName} autoFocus />
      <ConditionEditor
        context="issue"
        match={match}
        items={conditions}
        catalog={catalog}
        choices={choices}
        onChange={(m, items) => {
          setMatch(m);
          setConditions(items);
        }}
      />
      <div className="form-row">
        <TextField label="First response (minutes)" value={first} onChange={setFirst} />
        <TextField label="Next response (minutes)" value={next} onChange={setNext} />
        <TextField label="Resolution (minutes)" value={resolution} onChange={setResolution} />
      </div>
      <CheckField label="Count business hours only" checked={businessTime} onChange={setBusinessTime} />
      <SelectField
        label="Calendar"
        value={calendarId}
        onChange={setCalendarId}
        options={[
          { value: "", label: "The issue's team's calendar, else the default" },
          ...calendars.map((c) => ({ value: c.id, label: c.name })),
        ]}
      />
      <CheckField label="Pause while waiting on the customer" checked={pauseCustomer} onChange={setPauseCustomer} />
      <CheckField label="Pause while on hold" checked={pauseHold} onChange={setPauseHold} />
    </FormDialog>
  );
}

function useIssueConditionChoices() {
  const teams = useTeams();
  const users = useUsers();
  const tags = useTags();
  const accounts = useAccounts();
  const fields = useCustomFields();
  return {
    catalog: fieldCatalog(fields.data ?? [], "issue"),
    choices: {
      teams: (teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
      users: (users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
      tags: (tags.data ?? []).map((t) => ({ value: t.name, label: t.name })),
      accounts: (accounts.data ?? []).map((a) => ({ value: a.id, label: a.name })),
    },
  };
}
