// Deleting a team folds it into another: the admin picks the team that receives its issues,
// inbox defaults, views, macros and AI agents. The server refuses (409) when work would be
// left without a team, and says so here.
import { useState } from "react";
import { showToast } from "../../../ui/toasts";
import { deleteTeam, type TeamDeletion, type TeamDetail } from "../api";
import { SelectField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { useFormErrors } from "../formErrors";
import { useSettingsMutation } from "../useSettings";

type Props = { team: TeamDetail; teams: TeamDetail[]; onClose: () => void; onDeleted: () => void };

export function DeleteTeamDialog({ team, teams, onClose, onDeleted }: Props) {
  const others = teams.filter((t) => t.id !== team.id);
  const [moveTo, setMoveTo] = useState(others[0]?.id ?? "");
  const remove = useSettingsMutation((target: string) => deleteTeam(team.id, target || null));
  const errors = useFormErrors(() => ({}), remove.error);

  const submit = () =>
    remove.mutate(moveTo, {
      onSuccess: (result) => {
        showToast(summary(team.name, others.find((t) => t.id === moveTo)?.name, result));
        onDeleted();
      },
    });

  return (
    <FormDialog
      title={`Delete team: ${team.name}`}
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Delete team"
      pending={remove.isPending}
      error={errors.general}
    >
      <p>
        Its issues (open and closed), inbox defaults, team views, macros and AI agents move to the team you pick. Open
        issues get a team change in their history. Triggers that name {team.name} stop running until you edit them.
      </p>
      <SelectField
        label="Move its work to"
        value={moveTo}
        onChange={(next) => {
          setMoveTo(next);
          remove.reset();
        }}
        options={[
          ...others.map((t) => ({ value: t.id, label: t.name })),
          { value: "", label: "No team (only if it holds nothing)" },
        ]}
        error={errors.fields.moveTo}
      />
    </FormDialog>
  );
}

function summary(name: string, receiver: string | undefined, { moved }: TeamDeletion): string {
  const parts = [
    [moved.openIssues, "open issue"],
    [moved.closedIssues, "closed issue"],
    [moved.inboxes, "inbox"],
    [moved.views, "view"],
    [moved.macros, "macro"],
    [moved.agents, "AI agent"],
  ] as const;
  const listed = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`);
  return listed.length > 0 && receiver
    ? `Deleted ${name}; moved ${listed.join(", ")} to ${receiver}.`
    : `Deleted ${name}.`;
}
