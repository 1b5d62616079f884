// Filling a ticket form: subject, description and the form's fields. A refusal names the fields
// still missing next to each of them; a submitted request opens its thread.
import type { PortalFormView } from "@switchboard/api";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useLocation } from "wouter";
import { PortalError, portalApi, type Submission } from "./api";

type Values = Record<string, string | string[]>;

export function NewRequestPage({ formId }: { formId: string }) {
  const forms = useQuery({ queryKey: ["portal", "forms"], queryFn: portalApi.forms });
  const form = forms.data?.items.find((f) => f.id === formId);
  if (forms.isPending) return <p className="portal-muted">Loading…</p>;
  if (!form)
    return (
      <section className="portal-card">
        <p>This form is no longer available.</p>
        <Link href="/">Back to requests</Link>
      </section>
    );
  return <FormFill form={form} />;
}

function FormFill({ form }: { form: PortalFormView }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [subject, setSubject] = useState("");
  const [description, setDescription] = useState("");
  const [values, setValues] = useState<Values>({});
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientId] = useState(() => crypto.randomUUID());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      const submission: Submission = { subject, description, fields: fieldValues(form, values), clientId };
      if (file)
        submission.files = [
          { filename: file.name, contentType: file.type || "application/octet-stream", data: await base64(file) },
        ];
      const thread = await portalApi.submit(form.id, submission);
      await queryClient.invalidateQueries({ queryKey: ["portal", "issues"] });
      navigate(`/issues/${thread.issue.number}`);
    } catch (e) {
      const details =
        e instanceof PortalError ? (e.details as { fields?: Record<string, string> } | undefined) : undefined;
      if (details?.fields && !Array.isArray(details.fields)) setProblems(details.fields);
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <section className="portal-card portal-new">
      <Link href="/" className="portal-back">
        ← Requests
      </Link>
      <h1>{form.name}</h1>
      {form.description && <p className="portal-muted">{form.description}</p>}
      <form onSubmit={submit} noValidate>
        <Field label="Subject" required problem={problems.subject}>
          <input value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={300} />
        </Field>
        <Field label="Description" required problem={problems.description}>
          <textarea rows={5} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        {form.fields.map((field) => (
          <Field
            key={field.key}
            label={field.label}
            required={field.required}
            help={field.helpText}
            problem={problems[field.key]}
          >
            {field.type === "file" ? (
              <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            ) : (
              <Input
                field={field}
                value={values[field.key]}
                onChange={(v) => setValues({ ...values, [field.key]: v })}
              />
            )}
          </Field>
        ))}
        {error && (
          <p role="alert" className="portal-error">
            {error}
          </p>
        )}
        <button type="submit" className="portal-button" disabled={busy}>
          Submit request
        </button>
      </form>
    </section>
  );
}

type FormField = PortalFormView["fields"][number];

function Input({
  field,
  value,
  onChange,
}: {
  field: FormField;
  value: string | string[] | undefined;
  onChange(v: string | string[]): void;
}) {
  if (field.type === "select")
    return (
      <select value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {field.options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  if (field.type === "multiselect") {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <div className="portal-checks">
        {field.options.map((o) => (
          <label key={o}>
            <input
              type="checkbox"
              checked={chosen.includes(o)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
            />
            {o}
          </label>
        ))}
      </div>
    );
  }
  const type = field.type === "number" ? "number" : field.type === "date" ? "date" : "text";
  return (
    <input type={type} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} />
  );
}

function Field(props: {
  label: string;
  required: boolean;
  help?: string;
  problem?: string;
  children: React.ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the children, inside the label
    <label className={`portal-field${props.problem ? " portal-field-invalid" : ""}`}>
      <span>
        {props.label}
        {props.required && <span className="portal-required"> *</span>}
      </span>
      {props.children}
      {props.help && <small className="portal-muted">{props.help}</small>}
      {props.problem && <small className="portal-field-problem">{props.problem}</small>}
    </label>
  );
}

function fieldValues(form: PortalFormView, values: Values): Submission["fields"] {
  const out: Submission["fields"] = {};
  for (const field of form.fields) {
    const value = values[field.key];
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    out[field.key] = field.type === "number" && typeof value === "string" ? Number(value) : value;
  }
  return out;
}

async function base64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
