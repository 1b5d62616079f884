// Create or edit a custom field. Object, key and type are fixed once created (values already
// stored depend on them); label, options, close rule and AI settings can change.
import { useState } from "react";
import type { CustomField } from "../../../api/types";
import { createField, type FieldDetail, type FieldInput, type FieldPatch, updateField } from "../api";
import { CheckField, SelectField, TextAreaField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { type FieldErrors, useFormErrors } from "../formErrors";
import { useSettingsMutation } from "../useSettings";

export const TYPE_LABEL: Record<CustomField["type"], string> = {
  text: "Text",
  number: "Number",
  boolean: "Yes / no",
  date: "Date",
  select: "Select (one)",
  multiselect: "Multi-select",
  url: "URL",
  user: "User",
};

const KEY = /^[a-z][a-z0-9_]{0,62}$/;
const hasOptions = (type: CustomField["type"]) => type === "select" || type === "multiselect";

/** "Renewal date" → "renewal_date": the key people would have typed. */
export function keyFromLabel(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^[0-9_]+/, "");
  return slug.slice(0, 63);
}

type Props = { field: FieldDetail | null; object: FieldDetail["object"]; onClose: () => void };
type Save = { id: string; patch: FieldPatch } | { input: FieldInput };

export function FieldDialog({ field, object: initialObject, onClose }: Props) {
  const [object, setObject] = useState(field?.object ?? initialObject);
  const [label, setLabel] = useState(field?.label ?? "");
  const [key, setKey] = useState(field?.key ?? "");
  const [keyTouched, setKeyTouched] = useState(Boolean(field));
  const [type, setType] = useState<CustomField["type"]>(field?.type ?? "text");
  const [options, setOptions] = useState((field?.options ?? []).join("\n"));
  const [required, setRequired] = useState(field?.requiredOnClose ?? false);
  const [aiEnabled, setAiEnabled] = useState(field?.aiEnabled ?? false);
  const [description, setDescription] = useState(field?.description ?? "");
  const save = useSettingsMutation((s: Save) => ("id" in s ? updateField(s.id, s.patch) : createField(s.input)));
  const optionList = [...new Set(options.split("\n").map((o) => o.trim()))].filter(Boolean);
  const errors = useFormErrors(() => {
    const problems: FieldErrors = {};
    if (!label.trim()) problems.label = "Give the field a label.";
    if (!field && !KEY.test(key)) problems.key = "lower_snake_case, starting with a letter.";
    if (hasOptions(type) && optionList.length === 0) problems.options = "Add at least one option.";
    if (aiEnabled && !description.trim()) problems.description = "Tell the AI what this field means.";
    return problems;
  }, save.error);

  const changeLabel = (value: string) => {
    setLabel(value);
    if (!keyTouched) setKey(keyFromLabel(value));
  };

  const submit = () => {
    if (!errors.passes()) return save.reset();
    const common = {
      label: label.trim(),
      ...(hasOptions(type) ? { options: optionList } : {}),
      requiredOnClose: object === "issue" && required,
      aiEnabled,
      description: description.trim(),
    };
    save.mutate(field ? { id: field.id, patch: common } : { input: { ...common, object, key, type } }, {
      onSuccess: onClose,
    });
  };

  return (
    <FormDialog
      title={field ? `Edit field: ${field.label}` : "New custom field"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={field ? "Save field" : "Create field"}
      pending={save.isPending}
      error={errors.general}
      wide
    >
      <div className="form-grid-2">
        <SelectField
          label="Applies to"
          value={object}
          disabled={Boolean(field)}
          onChange={(v) => setObject(v === "account" ? "account" : "issue")}
          options={[
            { value: "issue", label: "Issues" },
            { value: "account", label: "Accounts" },
          ]}
          error={errors.fields.object}
        />
        <SelectField
          label="Type"
          value={type}
          disabled={Boolean(field)}
          onChange={(v) => setType(v as CustomField["type"])}
          options={Object.entries(TYPE_LABEL).map(([value, text]) => ({ value, label: text }))}
          error={errors.fields.type}
        />
        <TextField
          label="Label"
          value={label}
          onChange={changeLabel}
          maxLength={200}
          error={errors.fields.label}
          autoFocus
        />
        <TextField
          label="Key"
          value={key}
          disabled={Boolean(field)}
          maxLength={63}
          onChange={(v) => {
            setKeyTouched(true);
            setKey(v);
          }}
          error={errors.fields.key}
          hint={field ? "Keys cannot change once values are stored." : "Used in the API and in view filters."}
        />
      </div>
      {hasOptions(type) && (
        <TextAreaField
          label="Options (one per line)"
          value={options}
          onChange={setOptions}
          rows={4}
          error={errors.fields.options}
          hint={optionList.length > 0 ? `${optionList.length} option${optionList.length === 1 ? "" : "s"}` : undefined}
        />
      )}
      <div className="checks">
        {object === "issue" && (
          <CheckField
            label="Required to close an issue"
            checked={required}
            onChange={setRequired}
            error={errors.fields.requiredOnClose}
          />
        )}
        <CheckField
          label="AI fills this field in"
          checked={aiEnabled}
          onChange={setAiEnabled}
          error={errors.fields.aiEnabled}
        />
      </div>
      <TextAreaField
        label={aiEnabled ? "Description for the AI" : "Description (optional)"}
        value={description}
        onChange={setDescription}
        rows={3}
        maxLength={4000}
        placeholder={
          type === "text"
            ? "e.g. The customer's order or invoice id like INV-1234 (the AI copies it from their message)…"
            : "e.g. Bug when something is broken, Question when they ask how to do something…"
        }
        error={errors.fields.description}
      />
    </FormDialog>
  );
}
