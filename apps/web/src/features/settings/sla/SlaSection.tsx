// Business hours and SLA policies: calendars (weekly hours in a time zone, holidays) and the
// policies that give issues response and resolution targets, first match wins. Everyone on the
// staff reads them; admins add and remove them.
import { useState } from "react";
import { showError, showToast } from "../../../ui/toasts";
import { useAccounts, useCustomFields, useTags, useTeams, useUsers } from "../../directory/useDirectory";
import { useCanEdit } from "../access";
import { CheckField, SelectField, TextAreaField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { ConditionEditor, conditionProblem } from "../triggers/ConditionEditor";
import { fieldCatalog } from "../triggers/catalog";
import type { ConditionNode } from "../triggers/model";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import {
  type Calendar,
  createCalendar,
  createSlaPolicy,
  deleteCalendar,
  deleteSlaPolicy,
  SLA_PATHS,
  type SlaPolicy,
} from "./slaApi";
import "../../sla/sla.css";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function SlaSection() {
  return (
    <>
      <CalendarsPart />
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
  const [adding, setAdding] = useState(false);
  const columns: Column<Calendar>[] = [
    {
      header: "Calendar",
      className: "wide",
      cell: (c) => (
        <strong>
          {c.name}
          {c.isDefault ? " (default)" : ""}
        </strong>
      ),
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
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
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
      {adding && <CalendarDialog onClose={() => setAdding(false)} />}
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

function CalendarDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [timeZone, setTimeZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [days, setDays] = useState([1, 2, 3, 4, 5]);
  const [start, setStart] = useState("09:00");
  const [end, setEnd] = useState("17:00");
  const [holidayText, setHolidayText] = useState("");
  const [isDefault, setIsDefault] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSettingsMutation(createCalendar);
  const submit = () => {
    const { holidays, problem: bad } = parseHolidays(holidayText);
    const why = !name.trim() ? "Name the calendar." : end <= start ? "Hours must end after they start." : bad;
    setProblem(why);
    if (why) return;
    save.mutate(
      { name: name.trim(), timeZone, hours: days.map((day) => ({ day, start, end })), holidays, isDefault },
      {
        onSuccess: () => {
          showToast(`Added “${name.trim()}”.`);
          onClose();
        },
      },
    );
  };
  return (
    <FormDialog
      title="New business-hours calendar"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Add calendar"
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
        value={holidayText}
        onChange={setHolidayText}
        hint="One per line: 2026-12-24..2026-12-26 Christmas"
      />
      <CheckField label="Default calendar of the workspace" checked={isDefault} onChange={setIsDefault} />
    </FormDialog>
  );
}

const minutesLabel = (m: number | null) =>
  m === null ? "—" : m % (24 * 60) === 0 ? `${m / (24 * 60)} d` : m % 60 === 0 ? `${m / 60} h` : `${m} min`;

function PoliciesPart() {
  const canEdit = useCanEdit();
  const policies = useSettingsList<SlaPolicy>(SLA_PATHS.policies);
  const calendars = useSettingsList<Calendar>(SLA_PATHS.calendars);
  const remove = useSettingsMutation((p: SlaPolicy) => deleteSlaPolicy(p.id));
  const [adding, setAdding] = useState(false);
  const calendarName = (id: string | null) =>
    id ? (calendars.data?.find((c) => c.id === id)?.name ?? "—") : "Team's or default";
  const columns: Column<SlaPolicy>[] = [
    { header: "#", cell: (p) => p.position + 1 },
    { header: "Policy", className: "wide", cell: (p) => <strong>{p.name}</strong> },
    { header: "First response", cell: (p) => minutesLabel(p.firstResponseMinutes) },
    { header: "Next response", cell: (p) => minutesLabel(p.nextResponseMinutes) },
    { header: "Resolution", cell: (p) => minutesLabel(p.resolutionMinutes) },
    {
      header: "Counts",
      cell: (p) => (p.businessTime ? `Business hours (${calendarName(p.calendarId)})` : "Around the clock"),
    },
    {
      header: "Pauses on",
      cell: (p) => (p.pauseOn.length === 0 ? "Never" : p.pauseOn.join(", ").replaceAll("_", " ")),
    },
  ];
  if (canEdit)
    columns.push({
      header: "Actions",
      className: "actions",
      cell: (p) => (
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
      ),
    });
  return (
    <Section
      title="SLA policies"
      description="Tried in order; the first whose conditions match an issue sets its targets. Raising the priority can move an issue to a stricter policy."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
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
      {adding && <PolicyDialog calendars={calendars.data ?? []} onClose={() => setAdding(false)} />}
    </Section>
  );
}

function PolicyDialog({ calendars, onClose }: { calendars: Calendar[]; onClose: () => void }) {
  const [name, setName] = useState("");
  const [match, setMatch] = useState<"all" | "any">("all");
  const [conditions, setConditions] = useState<ConditionNode[]>([]);
  const [first, setFirst] = useState("60");
  const [next, setNext] = useState("");
  const [resolution, setResolution] = useState("");
  const [businessTime, setBusinessTime] = useState(true);
  const [calendarId, setCalendarId] = useState("");
  const [pauseCustomer, setPauseCustomer] = useState(true);
  const [pauseHold, setPauseHold] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSettingsMutation(createSlaPolicy);
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
          showToast(`Added “${name.trim()}”.`);
          onClose();
        },
      },
    );
  };
  return (
    <FormDialog
      title="New SLA policy"
      wide
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Add policy"
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
