// Create or edit a trigger: when (event), if (conditions), then (actions) — and, for a saved
// trigger, a dry run over recent issues before switching it on.
import { useState } from "react";
import type { Macro, Person, Tag } from "../../../api/types";
import { showToast } from "../../../ui/toasts";
import type { Agent } from "../ai/model";
import { createTrigger, deleteTrigger, type FieldDetail, PATHS, type TeamDetail, updateTrigger } from "../api";
import { CheckField, SelectField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { type FieldErrors, useFormErrors } from "../formErrors";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import { type ActionChoices, ActionEditor, actionProblem } from "./ActionEditor";
import { ConditionEditor, conditionProblem } from "./ConditionEditor";
import { fieldCatalog } from "./catalog";
import { DryRun } from "./DryRun";
import {
  type ConditionNode,
  EVENT_LABEL,
  TRIGGER_EVENTS,
  type Trigger,
  type TriggerAction,
  type TriggerEvent,
  type TriggerInput,
  topLevel,
} from "./model";

type Props = { trigger: Trigger | null; nextPosition: number; onClose: () => void };

export function TriggerDialog({ trigger, nextPosition, onClose }: Props) {
  const choices = useChoices();
  const start = topLevel(trigger?.conditions ?? { all: [] });
  const [name, setName] = useState(trigger?.name ?? "");
  const [event, setEvent] = useState<TriggerEvent>(trigger?.event ?? "issue_created");
  const [hours, setHours] = useState(String(trigger?.noReplyHours ?? 24));
  const [warnMinutes, setWarnMinutes] = useState(String(trigger?.slaWarningMinutes ?? 30));
  const [enabled, setEnabled] = useState(trigger?.enabled ?? true);
  const [match, setMatch] = useState(start.match);
  const [items, setItems] = useState<ConditionNode[]>(start.items);
  const [actions, setActions] = useState<TriggerAction[]>(trigger?.actions ?? []);
  const save = useSettingsMutation((input: TriggerInput) =>
    trigger ? updateTrigger<Trigger>(trigger.id, input) : createTrigger<Trigger>(input),
  );
  const remove = useSettingsMutation((id: string) => deleteTrigger(id));
  const conditions: ConditionNode = match === "all" ? { all: items } : { any: items };
  const errors = useFormErrors(() => {
    const problems: FieldErrors = {};
    if (!name.trim()) problems.name = "Name the trigger.";
    const hoursNumber = Number(hours);
    if (event === "no_reply" && (!Number.isInteger(hoursNumber) || hoursNumber < 1 || hoursNumber > 720))
      problems.noReplyHours = "Whole hours, 1 to 720.";
    const minutesNumber = Number(warnMinutes);
    if (event === "sla_warning" && (!Number.isInteger(minutesNumber) || minutesNumber < 1 || minutesNumber > 10_080))
      problems.slaWarningMinutes = "Whole minutes, 1 to 10080 (a week).";
    const c = conditionProblem(items);
    if (c) problems.conditions = c;
    const a = actionProblem(actions);
    if (a) problems.actions = a;
    return problems;
  }, save.error ?? remove.error);

  const submit = () => {
    if (!errors.passes()) return save.reset();
    const input: TriggerInput = {
      name: name.trim(),
      event,
      enabled,
      conditions,
      actions,
      position: trigger?.position ?? nextPosition,
      noReplyHours: event === "no_reply" ? Number(hours) : null,
      slaWarningMinutes: event === "sla_warning" ? Number(warnMinutes) : null,
    };
    save.mutate(input, { onSuccess: onClose });
  };
  const destroy = () => {
    if (!trigger || !window.confirm(`Delete the trigger “${trigger.name}”?`)) return;
    remove.mutate(trigger.id, {
      onSuccess: () => {
        showToast(`Deleted “${trigger.name}”.`);
        onClose();
      },
    });
  };

  return (
    <FormDialog
      title={trigger ? `Edit trigger: ${trigger.name}` : "New trigger"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={trigger ? "Save trigger" : "Create trigger"}
      pending={save.isPending}
      error={errors.general}
      wide
      extra={
        trigger && (
          <button type="button" className="button danger" onClick={destroy} disabled={remove.isPending}>
            Delete trigger
          </button>
        )
      }
    >
      {trigger?.invalidReason && (
        <p className="notice error" role="alert">
          This trigger is skipped: {trigger.invalidReason}. Fix and save it to switch it back on.
        </p>
      )}
      <div className="form-grid-3">
        <TextField label="Name" value={name} onChange={setName} maxLength={200} error={errors.fields.name} autoFocus />
        <SelectField
          label="When"
          value={event}
          onChange={(v) => setEvent(v as TriggerEvent)}
          options={TRIGGER_EVENTS.map((e) => ({ value: e, label: EVENT_LABEL[e] }))}
          error={errors.fields.event}
        />
        {event === "no_reply" ? (
          <TextField
            label="Hours without a reply"
            value={hours}
            onChange={setHours}
            error={errors.fields.noReplyHours}
          />
        ) : event === "sla_warning" ? (
          <TextField
            label="Minutes before the target is due"
            value={warnMinutes}
            onChange={setWarnMinutes}
            error={errors.fields.slaWarningMinutes}
          />
        ) : (
          <span />
        )}
      </div>
      <ConditionEditor
        context="event"
        match={match}
        items={items}
        catalog={choices.catalog}
        choices={choices}
        onChange={(m, next) => {
          setMatch(m);
          setItems(next);
        }}
        error={errors.fields.conditions}
      />
      <ActionEditor actions={actions} choices={choices} onChange={setActions} error={errors.fields.actions} />
      <CheckField label="Enabled" checked={enabled} onChange={setEnabled} />
      <DryRun
        trigger={trigger}
        conditions={conditions}
        event={event}
        labelOf={(path) => choices.catalog.find((f) => f.path === path)?.label ?? path}
        nameOf={(id) => [...choices.teams, ...choices.users].find((o) => o.value === id)?.label}
      />
    </FormDialog>
  );
}

function useChoices(): ActionChoices & { catalog: ReturnType<typeof fieldCatalog> } {
  const teams = useSettingsList<TeamDetail>(PATHS.teams);
  const users = useSettingsList<Person>(PATHS.users);
  const tags = useSettingsList<Tag>(PATHS.tags);
  const macros = useSettingsList<Macro>(PATHS.macros);
  const agents = useSettingsList<Agent>(PATHS.agents);
  const fields = useSettingsList<FieldDetail>(PATHS.fields);
  return {
    teams: (teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
    users: (users.data ?? []).filter((u) => !u.deactivated).map((u) => ({ value: u.id, label: u.name })),
    tags: (tags.data ?? []).map((t) => ({ value: t.name, label: t.name })),
    macros: (macros.data ?? []).map((m) => ({ value: m.id, label: m.name })),
    agents: (agents.data ?? []).map((a) => ({ value: a.id, label: a.name })),
    fields: (fields.data ?? []).filter((f) => f.object === "issue"),
    catalog: fieldCatalog(fields.data ?? [], "event"),
  };
}
