// Ticket forms of the customer portal: which custom fields (and a file upload) a customer fills
// in, required or not, with help text and in order, and the team, priority and tags a submitted
// request starts with. The dialog previews the form as the customer sees it.
import type { PortalForm, PortalFormField } from "@switchboard/api";
import { priorities } from "@switchboard/api/vocabulary";
import { useState } from "react";
import { request } from "../../../api/client";
import { messageOf } from "../../../ui/ErrorNotice";
import { useCanEdit } from "../access";
import { type FieldDetail, PATHS, type TeamDetail } from "../api";
import { CheckField, SelectField, TextAreaField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { movedPositions, OrderButtons } from "../Reorder";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import "./channelSetup.css";

const FORMS_PATH = "/portal/forms";
const FORM_TYPES = new Set(["text", "select", "multiselect", "date", "number"]);
type FormInput = Omit<PortalForm, "id" | "createdAt" | "updatedAt" | "position">;

const saveForm = ({ id, input }: { id: string | null; input: Partial<FormInput> & { position?: number } }) =>
  request<PortalForm>(id ? `${FORMS_PATH}/${id}` : FORMS_PATH, { method: id ? "PATCH" : "POST", body: input });
const deleteForm = (id: string) => request(`${FORMS_PATH}/${id}`, { method: "DELETE" });

export function PortalFormsSection() {
  const canEdit = useCanEdit();
  const forms = useSettingsList<PortalForm>(FORMS_PATH);
  const fields = useSettingsList<FieldDetail>(PATHS.fields);
  const teams = useSettingsList<TeamDetail>(PATHS.teams);
  const [editing, setEditing] = useState<{ form: PortalForm | null } | null>(null);
  const move = useSettingsMutation(async (moves: { id: string; position: number }[]) => {
    for (const m of moves) await saveForm({ id: m.id, input: { position: m.position } });
  });
  const list = forms.data ?? [];
  const label = (key: string) => fields.data?.find((f) => f.key === key && f.object === "issue")?.label ?? key;

  const columns: Column<PortalForm>[] = [
    {
      header: "Form",
      cell: (f) =>
        canEdit ? (
          <button type="button" className="link-button strong" onClick={() => setEditing({ form: f })}>
            {f.name}
          </button>
        ) : (
          <strong>{f.name}</strong>
        ),
    },
    {
      header: "Fields",
      className: "wide",
      cell: (f) =>
        f.fields.length === 0 ? (
          <span className="muted">Subject and description only</span>
        ) : (
          <span className="chips">
            {f.fields.map((field) => (
              <span key={field.type === "file" ? "file" : field.key} className="chip">
                {field.type === "file" ? field.label : label(field.key)}
                {field.required && " *"}
              </span>
            ))}
          </span>
        ),
    },
    {
      header: "Starts with",
      cell: (f) => (
        <span className="chips">
          {f.defaultTeamId && (
            <span className="badge rule">{teams.data?.find((t) => t.id === f.defaultTeamId)?.name ?? "Team"}</span>
          )}
          {f.defaultPriority && <span className="badge rule">{f.defaultPriority}</span>}
          {f.defaultTags.map((t) => (
            <span key={t} className="chip">
              {t}
            </span>
          ))}
        </span>
      ),
    },
  ];
  if (canEdit)
    columns.push({
      header: "Order",
      className: "actions",
      cell: (f) => {
        const index = list.findIndex((x) => x.id === f.id);
        return (
          <OrderButtons
            name={f.name}
            index={index}
            count={list.length}
            busy={move.isPending}
            onMove={(by) => move.mutate(movedPositions(list, index, by))}
          />
        );
      },
    });

  return (
    <Section
      title="Portal forms"
      description={
        <>
          Ticket forms customers fill in at the portal (<a href="/portal">/portal</a>). A submitted form opens an issue
          in the portal channel, routed like any other.
        </>
      }
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setEditing({ form: null })}>
            New form
          </button>
        )
      }
    >
      <ResourceTable
        query={forms}
        columns={columns}
        rowKey={(f) => f.id}
        noun="portal forms"
        label="Portal forms"
        empty="No portal forms yet. Customers can sign in to the portal, but have nothing to submit."
      />
      {editing && (
        <FormEditor
          form={editing.form}
          catalog={(fields.data ?? []).filter((f) => f.object === "issue" && FORM_TYPES.has(f.type))}
          teams={teams.data ?? []}
          onClose={() => setEditing(null)}
        />
      )}
    </Section>
  );
}

type EditorProps = { form: PortalForm | null; catalog: FieldDetail[]; teams: TeamDetail[]; onClose: () => void };

function FormEditor({ form, catalog, teams, onClose }: EditorProps) {
  const [name, setName] = useState(form?.name ?? "");
  const [description, setDescription] = useState(form?.description ?? "");
  const [fields, setFields] = useState<PortalFormField[]>(form?.fields ?? []);
  const [teamId, setTeamId] = useState(form?.defaultTeamId ?? "");
  const [priority, setPriority] = useState(form?.defaultPriority ?? "");
  const [tags, setTags] = useState((form?.defaultTags ?? []).join(", "));
  const save = useSettingsMutation(saveForm);
  const remove = useSettingsMutation(deleteForm);
  const used = new Set(fields.map((f) => (f.type === "file" ? "file" : f.key)));
  const addable = [
    ...catalog.filter((f) => !used.has(f.key)).map((f) => ({ value: f.key, label: f.label })),
    ...(used.has("file") ? [] : [{ value: "file", label: "File upload" }]),
  ];
  const [adding, setAdding] = useState("");

  const update = (index: number, change: Partial<PortalFormField>) =>
    setFields(fields.map((f, i) => (i === index ? ({ ...f, ...change } as PortalFormField) : f)));
  const shift = (index: number, by: -1 | 1) => {
    const next = [...fields];
    const [item] = next.splice(index, 1);
    if (item) next.splice(index + by, 0, item);
    setFields(next);
  };
  const add = () => {
    const key = adding || addable[0]?.value;
    if (!key) return;
    setFields([
      ...fields,
      key === "file"
        ? { type: "file", label: "Attachment", required: false, helpText: "" }
        : { type: "custom_field", key, required: false, helpText: "" },
    ]);
    setAdding("");
  };
  const submit = () =>
    save.mutate(
      {
        id: form?.id ?? null,
        input: {
          name,
          description,
          fields,
          defaultTeamId: teamId || null,
          defaultPriority: (priority || null) as PortalForm["defaultPriority"],
          defaultTags: tags
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
        },
      },
      { onSuccess: onClose },
    );
  const labelOf = (f: PortalFormField) =>
    f.type === "file" ? f.label : (catalog.find((c) => c.key === f.key)?.label ?? f.key);

  return (
    <FormDialog
      title={form ? `Edit ${form.name}` : "New portal form"}
      wide
      onClose={onClose}
      onSubmit={submit}
      submitLabel={form ? "Save form" : "Create form"}
      pending={save.isPending}
      error={save.error ? messageOf(save.error) : remove.error ? messageOf(remove.error) : null}
      extra={
        form && (
          <button
            type="button"
            className="button danger"
            onClick={() => remove.mutate(form.id, { onSuccess: onClose })}
            disabled={remove.isPending}
          >
            Delete form
          </button>
        )
      }
    >
      <div className="portal-form-editor">
        <div>
          <TextField label="Form name" value={name} onChange={setName} required maxLength={200} autoFocus />
          <TextAreaField label="Description" value={description} onChange={setDescription} rows={2} />
          <fieldset className="portal-form-fields">
            <legend>Fields (after subject and description)</legend>
            {fields.length === 0 && <p className="muted">No extra fields.</p>}
            {fields.map((f, i) => (
              <div key={f.type === "file" ? "file" : f.key} className="portal-form-field-row">
                <div className="portal-form-field-name">
                  {f.type === "file" ? (
                    <TextField label="File field label" value={f.label} onChange={(label) => update(i, { label })} />
                  ) : (
                    <strong>{labelOf(f)}</strong>
                  )}
                  <TextField
                    label={`Help text for ${labelOf(f)}`}
                    value={f.helpText}
                    onChange={(helpText) => update(i, { helpText })}
                    maxLength={500}
                  />
                </div>
                <CheckField label="Required" checked={f.required} onChange={(required) => update(i, { required })} />
                <OrderButtons
                  name={labelOf(f)}
                  index={i}
                  count={fields.length}
                  busy={false}
                  onMove={(by) => shift(i, by)}
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${labelOf(f)}`}
                  onClick={() => setFields(fields.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </div>
            ))}
            {addable.length > 0 && (
              <div className="portal-form-add">
                <SelectField
                  label="Add a field"
                  value={adding || (addable[0]?.value ?? "")}
                  onChange={setAdding}
                  options={addable}
                />
                <button type="button" className="button" onClick={add}>
                  Add field
                </button>
              </div>
            )}
            {catalog.length === 0 && (
              <p className="muted">
                Create issue custom fields (text, select, multi-select, date, number) to ask for them here.
              </p>
            )}
          </fieldset>
          <SelectField
            label="Default team"
            value={teamId}
            onChange={setTeamId}
            options={[{ value: "", label: "Routing decides" }, ...teams.map((t) => ({ value: t.id, label: t.name }))]}
          />
          <SelectField
            label="Default priority"
            value={priority}
            onChange={setPriority}
            options={[{ value: "", label: "Routing decides" }, ...priorities.map((p) => ({ value: p, label: p }))]}
          />
          <TextField label="Default tags" value={tags} onChange={setTags} hint="Comma-separated" />
        </div>
        <aside className="portal-form-preview" aria-label="Preview">
          <div className="muted small">Preview: what the customer sees</div>
          <h3>{name || "Untitled form"}</h3>
          {description && <p className="muted">{description}</p>}
          {[
            { key: "subject", label: "Subject", required: true, helpText: "" },
            { key: "description", label: "Description", required: true, helpText: "" },
            ...fields.map((f) => ({
              key: f.type === "file" ? "file" : f.key,
              label: labelOf(f),
              required: f.required,
              helpText: f.helpText,
            })),
          ].map((field) => (
            <div key={field.key} className="portal-form-preview-field">
              <span>
                {field.label}
                {field.required && <span className="required-mark"> *</span>}
              </span>
              <div className="portal-form-preview-input" />
              {field.helpText && <small className="muted">{field.helpText}</small>}
            </div>
          ))}
        </aside>
      </div>
    </FormDialog>
  );
}
