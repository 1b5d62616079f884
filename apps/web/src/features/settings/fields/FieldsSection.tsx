// Custom fields on issues and accounts: their type, options, whether closing an issue needs
// them, and whether the AI fills them in (guided by the description).
import { useState } from "react";
import { useCanEdit } from "../access";
import { type FieldDetail, PATHS } from "../api";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList } from "../useSettings";
import { FieldDialog, TYPE_LABEL } from "./FieldDialog";

type ObjectKind = FieldDetail["object"];

export function FieldsSection() {
  const canEdit = useCanEdit();
  const [object, setObject] = useState<ObjectKind>("issue");
  const fields = useSettingsList<FieldDetail>(PATHS.fields);
  const [editing, setEditing] = useState<{ field: FieldDetail | null } | null>(null);
  const shown = { ...fields, data: fields.data?.filter((f) => f.object === object) };

  const columns: Column<FieldDetail>[] = [
    {
      header: "Field",
      cell: (f) =>
        canEdit ? (
          <button type="button" className="link-button strong" onClick={() => setEditing({ field: f })}>
            {f.label}
          </button>
        ) : (
          <strong>{f.label}</strong>
        ),
    },
    { header: "Key", cell: (f) => <code>{f.key}</code> },
    { header: "Type", cell: (f) => TYPE_LABEL[f.type] },
    {
      header: "Options",
      className: "wide",
      cell: (f) =>
        f.options && f.options.length > 0 ? (
          <span className="chips">
            {f.options.map((o) => (
              <span key={o} className="chip">
                {o}
              </span>
            ))}
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      header: "Rules",
      cell: (f) => (
        <span className="chips">
          {f.requiredOnClose && <span className="badge rule">Required on close</span>}
          {f.aiEnabled && <span className="ai-badge">AI</span>}
          {f.source === "crm" && <span className="badge rule">From CRM</span>}
        </span>
      ),
    },
  ];
  if (canEdit)
    columns.push({
      header: "Actions",
      className: "actions",
      cell: (f) => (
        <button
          type="button"
          className="button small"
          aria-label={`Edit ${f.label}`}
          onClick={() => setEditing({ field: f })}
        >
          Edit
        </button>
      ),
    });

  return (
    <Section
      title="Custom fields"
      description="Extra properties on issues and accounts. Fields required on close must be set before an issue can be closed; AI-enabled fields are filled in by the AI from the description you give."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setEditing({ field: null })}>
            New field
          </button>
        )
      }
    >
      <fieldset className="segmented section-filter">
        <legend className="visually-hidden">Fields on</legend>
        {(["issue", "account"] as const).map((o) => (
          <button
            key={o}
            type="button"
            className={o === object ? "active" : undefined}
            aria-pressed={o === object}
            onClick={() => setObject(o)}
          >
            {o === "issue" ? "Issue fields" : "Account fields"}
          </button>
        ))}
      </fieldset>
      <ResourceTable
        label={object === "issue" ? "Issue fields" : "Account fields"}
        noun={`${object} fields`}
        query={shown}
        columns={columns}
        rowKey={(f) => f.id}
      />
      {editing && <FieldDialog field={editing.field} object={object} onClose={() => setEditing(null)} />}
    </Section>
  );
}
