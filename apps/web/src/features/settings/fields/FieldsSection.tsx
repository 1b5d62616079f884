// Custom fields on issues and accounts: their type, options, whether closing an issue needs
// them, and whether the AI fills them in (guided by the description).
import type { WorkspaceSettings } from "@switchboard/api";
import { aiFieldLimits } from "@switchboard/api/vocabulary";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../../../api/client";
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
      <AiFieldAllowance used={fields.data?.filter((f) => f.aiEnabled).length} />
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

/** How many AI-supported fields the workspace's plan allows and how many are on (Settings → General sets the plan). */
function AiFieldAllowance({ used }: { used: number | undefined }) {
  const workspace = useQuery({
    queryKey: ["directory", "settings", "/workspace"],
    queryFn: ({ signal }) => request<WorkspaceSettings>("/workspace", { signal }),
  });
  if (used === undefined || !workspace.data) return null;
  const limit = aiFieldLimits[workspace.data.plan];
  const plan = workspace.data.plan[0]?.toUpperCase() + workspace.data.plan.slice(1);
  return (
    <p className="muted" role="status">
      AI-supported fields: {used}
      {limit === null
        ? ` on the ${plan} plan (no limit).`
        : ` of ${limit} on the ${plan} plan; Enterprise has no limit.`}
    </p>
  );
}
