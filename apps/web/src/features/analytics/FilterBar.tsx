// The dashboard's filters: team, assignee, channel, account, account type and tier, priority,
// tag and one custom field. They become one condition tree (model.ts) for every request.
import { accountTypes, channels, priorities } from "@switchboard/api/vocabulary";
import { useAccounts, useCustomFields, useTags, useTeams, useUsers } from "../directory/useDirectory";
import { type Filters, NO_FILTERS } from "./model";

export function FilterBar({
  filters,
  onChange,
  mine,
}: {
  filters: Filters;
  onChange: (next: Filters) => void;
  mine: boolean;
}) {
  const teams = useTeams();
  const users = useUsers();
  const accounts = useAccounts();
  const tags = useTags();
  const fields = useCustomFields();
  const set = (key: keyof Filters) => (value: string) => onChange({ ...filters, [key]: value });
  const issueFields = (fields.data ?? []).filter((f) => f.object === "issue");
  const active = Object.values(filters).some(Boolean);
  return (
    <fieldset className="analytics-filters">
      <legend className="visually-hidden">Filters</legend>
      <Pick
        label="Team"
        value={filters.team}
        onChange={set("team")}
        options={(teams.data ?? []).map((t) => [t.id, t.name])}
      />
      {!mine && (
        <Pick
          label="Assignee"
          value={filters.assignee}
          onChange={set("assignee")}
          options={[
            ["me", "Me"],
            ["none", "Unassigned"],
            ...(users.data ?? []).map((u): [string, string] => [u.id, u.name]),
          ]}
        />
      )}
      <Pick label="Channel" value={filters.channel} onChange={set("channel")} options={channels.map((c) => [c, c])} />
      <Pick
        label="Account"
        value={filters.account}
        onChange={set("account")}
        options={(accounts.data ?? []).map((a) => [a.id, a.name])}
      />
      <Pick
        label="Account type"
        value={filters.accountType}
        onChange={set("accountType")}
        options={accountTypes.map((t) => [t, t])}
      />
      <label className="analytics-filter">
        <span>Tier</span>
        <input
          value={filters.accountTier}
          onChange={(e) => set("accountTier")(e.target.value)}
          placeholder="any"
          size={8}
        />
      </label>
      <Pick
        label="Priority"
        value={filters.priority}
        onChange={set("priority")}
        options={priorities.map((p) => [p, p])}
      />
      <Pick
        label="Tag"
        value={filters.tag}
        onChange={set("tag")}
        options={(tags.data ?? []).map((t) => [t.name, t.name])}
      />
      {issueFields.length > 0 && (
        <>
          <Pick
            label="Field"
            value={filters.fieldKey}
            onChange={set("fieldKey")}
            options={issueFields.map((f) => [f.key, f.label])}
          />
          {filters.fieldKey && (
            <label className="analytics-filter">
              <span>is</span>
              <input
                value={filters.fieldValue}
                onChange={(e) => set("fieldValue")(e.target.value)}
                placeholder="value"
                size={10}
              />
            </label>
          )}
        </>
      )}
      {active && (
        <button type="button" className="link-button" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
    </fieldset>
  );
}

function Pick({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <label className="analytics-filter">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {options.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
