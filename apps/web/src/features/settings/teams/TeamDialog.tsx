// Create or edit a team: name, kind and lead are saved together; members are added and
// removed one at a time, straight away.
import { useState } from "react";
import type { Person } from "../../../api/types";
import { messageOf } from "../../../ui/ErrorNotice";
import { addMember, createTeam, removeMember, setMemberTiers, type TeamDetail, updateTeam } from "../api";
import { CheckField, SelectField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { useFormErrors } from "../formErrors";
import { useSettingsMutation } from "../useSettings";
import { TeamRouting } from "./TeamRouting";

type Props = {
  team: TeamDetail | null;
  users: Person[];
  onClose: () => void;
  onCreated: (id: string) => void;
  /** Opens the deletion dialog (existing teams only). */
  onDelete?: () => void;
};

export function TeamDialog({ team, users, onClose, onCreated, onDelete }: Props) {
  const [name, setName] = useState(team?.name ?? "");
  const [mode, setMode] = useState<TeamDetail["mode"]>(team?.mode ?? "pooled");
  const [lead, setLead] = useState(team?.leadUserId ?? "");
  // Untouched (null), the server decides by kind: on for a pooled team, off for a scoped one.
  const [assignOnReply, setAssignOnReply] = useState<boolean | null>(null);
  const [csatEnabled, setCsatEnabled] = useState(team?.csatEnabled ?? true);
  const [csatScale, setCsatScale] = useState<TeamDetail["csatScale"]>(team?.csatScale ?? "1-5");
  const save = useSettingsMutation(
    (input: {
      name: string;
      mode: TeamDetail["mode"];
      leadUserId: string | null;
      assignOnReply?: boolean;
      csatEnabled: boolean;
      csatScale: TeamDetail["csatScale"];
    }) => (team ? updateTeam(team.id, input) : createTeam(input)),
  );
  const errors = useFormErrors(() => (name.trim() ? {} : { name: "Give the team a name." }), save.error);
  const active = users.filter((u) => !u.deactivated);

  const submit = () => {
    if (!errors.passes()) return save.reset();
    save.mutate(
      {
        name: name.trim(),
        mode,
        leadUserId: lead || null,
        ...(assignOnReply !== null && { assignOnReply }),
        csatEnabled,
        csatScale,
      },
      { onSuccess: (saved) => (team ? onClose() : onCreated(saved.id)) },
    );
  };

  return (
    <FormDialog
      title={team ? `Team: ${team.name}` : "New team"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={team ? "Save team" : "Create team"}
      pending={save.isPending}
      error={errors.general}
      wide
      extra={
        team &&
        onDelete && (
          <button type="button" className="button danger" onClick={onDelete}>
            Delete team…
          </button>
        )
      }
    >
      <div className="form-grid-3">
        <TextField
          label="Name"
          value={name}
          onChange={setName}
          required
          maxLength={100}
          error={errors.fields.name}
          autoFocus
        />
        <SelectField
          label="Kind"
          value={mode}
          onChange={(v) => setMode(v === "scoped" ? "scoped" : "pooled")}
          options={[
            { value: "pooled", label: "Pooled (shared queue)" },
            { value: "scoped", label: "Scoped (owns accounts)" },
          ]}
          error={errors.fields.mode}
        />
        <SelectField
          label="Lead"
          value={lead}
          onChange={setLead}
          options={[{ value: "", label: "No lead" }, ...active.map((u) => ({ value: u.id, label: u.name }))]}
          error={errors.fields.leadUserId}
        />
      </div>
      <CheckField
        label="Replying to an unassigned issue assigns it to the person replying"
        hint="On by default for pooled teams, so nobody answers the same customer twice; off for scoped teams."
        checked={assignOnReply ?? team?.assignOnReply ?? mode === "pooled"}
        onChange={setAssignOnReply}
      />
      <fieldset className="csat-settings">
        <legend>Customer satisfaction (CSAT)</legend>
        <CheckField
          label="Ask the customer to rate a closed issue, in the channel they used"
          hint="Slack buttons in the thread, an email with one-click links, inline in the widget. Issues closed by a trigger, the AI agent or the system (noise, spam) are never asked."
          checked={csatEnabled}
          onChange={setCsatEnabled}
        />
        <SelectField
          label="Scale"
          value={csatScale}
          onChange={(v) => setCsatScale(v === "thumbs" ? "thumbs" : "1-5")}
          options={[
            { value: "1-5", label: "1 to 5" },
            { value: "thumbs", label: "👍 / 👎 (stored as 5 and 1)" },
          ]}
          error={errors.fields.csatScale}
        />
      </fieldset>
      {team && <TeamRouting teamId={team.id} />}
      {team ? <Members team={team} users={users} /> : <p className="muted">Add members once the team exists.</p>}
    </FormDialog>
  );
}

function Members({ team, users }: { team: TeamDetail; users: Person[] }) {
  const [pick, setPick] = useState("");
  const add = useSettingsMutation((userId: string) => addMember(team.id, userId));
  const remove = useSettingsMutation((userId: string) => removeMember(team.id, userId));
  const memberIds = new Set(team.members.map((m) => m.userId));
  const candidates = users.filter((u) => !memberIds.has(u.id) && !u.deactivated);
  const nameOf = (id: string) => users.find((u) => u.id === id)?.name ?? "Unknown user";
  const error = add.error ?? remove.error;

  return (
    <fieldset className="members">
      <legend>Members ({team.members.length})</legend>
      {team.mode === "scoped" && (
        <p className="muted small">
          Tiers: the account tiers each member covers. Routing by tier gives an issue to a member covering its account's
          tier.
        </p>
      )}
      {team.members.length === 0 ? (
        <p className="muted">Nobody is on this team yet.</p>
      ) : (
        <ul className="member-list" aria-label={`Members of ${team.name}`}>
          {team.members.map((m) => (
            <li key={m.userId}>
              <span>{nameOf(m.userId)}</span>
              {team.leadUserId === m.userId && <span className="badge kind-lead">Lead</span>}
              <span className="grow" />
              {team.mode === "scoped" ? (
                <MemberTiers teamId={team.id} userId={m.userId} name={nameOf(m.userId)} tiers={m.tiers} />
              ) : (
                m.tiers.length > 0 && <span className="muted small">{m.tiers.join(", ")}</span>
              )}
              <button
                type="button"
                className="button small danger"
                aria-label={`Remove ${nameOf(m.userId)}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate(m.userId)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="add-row">
        <label className="field grow">
          <span>Add member</span>
          <select value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">{candidates.length ? "Pick a person…" : "Everyone is already on this team"}</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          disabled={!pick || add.isPending}
          onClick={() => add.mutate(pick, { onSuccess: () => setPick("") })}
        >
          {add.isPending ? "Adding…" : "Add"}
        </button>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {messageOf(error)}
        </p>
      )}
    </fieldset>
  );
}

/** The account tiers a member of a scoped team covers: tier routing picks among them. */
function MemberTiers({
  teamId,
  userId,
  name,
  tiers,
}: {
  teamId: string;
  userId: string;
  name: string;
  tiers: string[];
}) {
  const saved = tiers.join(", ");
  const [text, setText] = useState(saved);
  const save = useSettingsMutation((next: string[]) => setMemberTiers(teamId, userId, next));
  const parsed = [
    ...new Set(
      text
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  const changed = parsed.join(", ") !== saved;
  const submit = () => {
    if (changed) save.mutate(parsed, { onSuccess: () => setText(parsed.join(", ")) });
  };
  return (
    <span className="member-tiers">
      <input
        aria-label={`Tiers ${name} covers`}
        placeholder="Tiers, e.g. Enterprise, Growth"
        value={text}
        maxLength={400}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Enter saves the tiers, not the whole team dialog.
          if (e.key === "Enter") {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="button" className="button small" disabled={!changed || save.isPending} onClick={submit}>
        {save.isPending ? "Saving…" : "Save tiers"}
      </button>
      {save.error && (
        <span className="inline-error" role="alert">
          {messageOf(save.error)}
        </span>
      )}
    </span>
  );
}
