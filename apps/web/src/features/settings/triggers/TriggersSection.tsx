// Triggers run in order on every issue event: the first rules of the customer story
// ("prospect or trial → Sales, else Support") live here. Reorder, switch on/off, edit, test.
import { useState } from "react";
import { showError } from "../../../ui/toasts";
import { RoutingOrder } from "../../routing/RoutingOrder";
import { useCanEdit } from "../access";
import { PATHS, updateTrigger } from "../api";
import { movedPositions, OrderButtons } from "../Reorder";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import { EVENT_LABEL, type Trigger, topLevel } from "./model";
import { TriggerDialog } from "./TriggerDialog";

export function TriggersSection() {
  const canEdit = useCanEdit();
  const triggers = useSettingsList<Trigger>(PATHS.triggers);
  const [editing, setEditing] = useState<{ trigger: Trigger | null } | null>(null);
  const patch = useSettingsMutation(({ id, input }: { id: string; input: Partial<Trigger> }) =>
    updateTrigger<Trigger>(id, input),
  );
  const list = triggers.data ?? [];

  const move = (index: number, by: -1 | 1) => {
    for (const { id, position } of movedPositions(list, index, by))
      patch.mutate({ id, input: { position } }, { onError: (e) => showError("Could not reorder", e) });
  };

  const columns: Column<Trigger>[] = [
    { header: "#", className: "narrow", cell: (t) => list.indexOf(t) + 1 },
    {
      header: "Trigger",
      cell: (t) =>
        canEdit ? (
          <button type="button" className="link-button strong" onClick={() => setEditing({ trigger: t })}>
            {t.name}
          </button>
        ) : (
          <strong>{t.name}</strong>
        ),
    },
    {
      header: "When",
      cell: (t) =>
        t.event === "no_reply"
          ? `No reply for ${t.noReplyHours ?? 24} h`
          : t.event === "sla_warning"
            ? `An SLA target is due in ${t.slaWarningMinutes ?? 30} min`
            : EVENT_LABEL[t.event],
    },
    {
      header: "Conditions",
      cell: (t) => {
        const { match, items } = topLevel(t.conditions);
        return items.length === 0 ? "Every issue" : `${match === "all" ? "All" : "Any"} of ${items.length}`;
      },
    },
    { header: "Actions", cell: (t) => `${t.actions.length} action${t.actions.length === 1 ? "" : "s"}` },
    {
      header: "Status",
      cell: (t) =>
        t.invalidReason ? (
          <span className="badge quarantine-pending" title={t.invalidReason}>
            Broken
          </span>
        ) : canEdit ? (
          <label className="field inline small">
            <input
              type="checkbox"
              checked={t.enabled}
              onChange={(e) => patch.mutate({ id: t.id, input: { enabled: e.target.checked } })}
            />
            {t.enabled ? "On" : "Off"}
          </label>
        ) : (
          <span className={`badge ${t.enabled ? "status-on" : "status-off"}`}>{t.enabled ? "On" : "Off"}</span>
        ),
    },
  ];
  if (canEdit)
    columns.push({
      header: "Order",
      className: "actions",
      cell: (t) => (
        <OrderButtons
          name={t.name}
          index={list.indexOf(t)}
          count={list.length}
          busy={patch.isPending}
          onMove={(by) => move(list.indexOf(t), by)}
        />
      ),
    });

  return (
    <Section
      title="Triggers"
      description="Rules that run in order on issue events: if the conditions hold, the actions run. Later triggers see what earlier ones changed."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setEditing({ trigger: null })}>
            New trigger
          </button>
        )
      }
    >
      <RoutingOrder here="triggers" />
      <ResourceTable
        label="Triggers"
        noun="triggers"
        query={triggers}
        columns={columns}
        rowKey={(t) => t.id}
        empty="No triggers yet. Start with the routing rule: prospects and trials to Sales, everyone else to Support."
      />
      {editing && (
        <TriggerDialog
          trigger={editing.trigger}
          nextPosition={(list.at(-1)?.position ?? -10) + 10}
          onClose={() => setEditing(null)}
        />
      )}
    </Section>
  );
}
