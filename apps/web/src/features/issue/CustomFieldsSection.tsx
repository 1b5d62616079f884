// The issue's custom fields, edited inline. Required-on-close fields are marked; when the
// server refuses to close, the fields it named are highlighted.
import type { CustomField, Issue } from "../../api/types";
import { useStore } from "../../ui/store";
import { useCanWrite } from "../auth/useCanWrite";
import { useCustomFields, useUsers } from "../directory/useDirectory";
import { MultiPick } from "../views/MultiPick";
import { AiFieldNote } from "./AiFieldNote";
import { missingOnClose } from "./useIssue";
import { useUpdateIssue } from "./useUpdateIssue";

export function CustomFieldsSection({ issue }: { issue: Issue }) {
  const fields = useCustomFields();
  const missing = useStore(missingOnClose);
  const update = useUpdateIssue();
  const write = useCanWrite();
  const defs = fields.data?.filter((f) => f.object === "issue") ?? [];
  if (fields.isError) return <p className="inline-error">Custom fields did not load.</p>;
  if (defs.length === 0) return null;
  const highlighted = missing?.number === issue.number ? missing.fields : [];
  const set = (f: CustomField, value: unknown) =>
    update.mutate({
      number: issue.number,
      patch: { customFields: { [f.key]: value } },
      label: `Could not set ${f.label}`,
    });
  return (
    <section className="panel-section" aria-labelledby="fields-title">
      <h2 id="fields-title" className="panel-title">
        Fields
      </h2>
      <fieldset className="props-fieldset" disabled={!write.can}>
        <dl className="props">
          {defs.map((f) => {
            const value = issue.customFields?.[f.key];
            const flagged = (highlighted.includes(f.key) || highlighted.includes(f.label)) && isEmpty(value);
            return (
              <div key={f.id} className={flagged ? "prop flagged" : "prop"}>
                <dt>
                  <label htmlFor={`field-${f.key}`}>
                    {f.label}
                    {f.requiredOnClose && (
                      <abbr className="required" title="Required to close">
                        *
                      </abbr>
                    )}
                  </label>
                </dt>
                <dd>
                  <FieldInput field={f} value={value} onChange={(v) => set(f, v)} />
                  {f.aiEnabled && <AiFieldNote issue={issue} field={f} />}
                </dd>
              </div>
            );
          })}
        </dl>
      </fieldset>
    </section>
  );
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

type InputProps = { field: CustomField; value: unknown; onChange: (value: unknown) => void };

function FieldInput({ field: f, value, onChange }: InputProps) {
  const users = useUsers();
  const id = `field-${f.key}`;
  const text = value === undefined || value === null ? "" : String(value);
  switch (f.type) {
    case "select":
    case "user": {
      const options =
        f.type === "user"
          ? (users.data ?? []).map((u) => ({ value: u.id, label: u.name }))
          : (f.options ?? []).map((o) => ({ value: o, label: o }));
      return (
        <select id={id} value={text} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">—</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    }
    case "multiselect":
      return (
        <MultiPick
          label={f.label}
          options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
          values={Array.isArray(value) ? value.map(String) : []}
          onChange={(v) => onChange(v.length ? v : null)}
        />
      );
    case "boolean":
      return <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    default:
      return (
        <input
          id={id}
          key={text}
          type={f.type === "number" ? "number" : f.type === "date" ? "date" : f.type === "url" ? "url" : "text"}
          defaultValue={text}
          placeholder="—"
          onBlur={(e) => {
            const raw = e.target.value.trim();
            if (raw === text) return;
            onChange(raw === "" ? null : f.type === "number" ? Number(raw) : raw);
          }}
          onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
        />
      );
  }
}

/** Read-only display of a custom field value (account fields such as renewal date or TCV). */
export function fieldDisplay(f: CustomField | undefined, value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (Array.isArray(value)) return value.join(", ");
  if (f?.type === "number" && typeof value === "number") return value.toLocaleString();
  if (f?.type === "boolean") return value ? "Yes" : "No";
  return String(value);
}
