// Import a CSV file from the settings page: choose the file, say what its rows are (issues,
// accounts or contacts), look at its first rows, map our fields to its columns (a suggestion from
// the column names to start from; the required fields must be mapped before it can start), then
// the import runs as a job like a Zendesk one — its progress, counts and skipped rows show in the
// list of imports. The same run as `switchboard import csv`.
import type { CsvImportKind, CsvPreview, ImportRun } from "@switchboard/api";
import { useState } from "react";
import { request } from "../../../api/client";
import { showToast } from "../../../ui/toasts";
import { useSettingsMutation } from "../useSettings";

type Kind = CsvImportKind;
type Mapping = Record<string, string>;
type StartInput = { kind: Kind; fileName: string; csv: string; mapping: Mapping };

const MAX_CHARS = 10 * 1024 * 1024;
/** The preview needs the header and a few rows: the file's first part, cut at a line's end. */
const HEAD_CHARS = 64 * 1024;

const preview = (csv: string) => request<CsvPreview>("/imports/csv/preview", { method: "POST", body: { csv } });
const startCsv = (input: StartInput) => request<ImportRun>("/imports/csv", { method: "POST", body: input });

const KINDS: { value: Kind; label: string }[] = [
  { value: "issues", label: "Issues" },
  { value: "accounts", label: "Accounts" },
  { value: "contacts", label: "Contacts" },
];

const FIELD_LABELS: Record<string, string> = {
  externalId: "Id in your old tool",
  name: "Name",
  title: "Title",
  requesterEmail: "Requester email",
  requesterName: "Requester name",
  body: "First message",
  state: "State",
  priority: "Priority",
  tags: "Tags",
  createdAt: "Opened at",
  account: "Account (its id in the file)",
  domains: "Domains",
  tier: "Tier",
  type: "Type",
  email: "Email",
  roles: "Roles",
};

function headOf(text: string): string {
  if (text.length <= HEAD_CHARS) return text;
  const cut = text.lastIndexOf("\n", HEAD_CHARS);
  return cut > 0 ? text.slice(0, cut) : text.slice(0, HEAD_CHARS);
}

export function CsvImportForm({ disabled }: { disabled: boolean }) {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [head, setHead] = useState<CsvPreview | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [kind, setKind] = useState<Kind>("issues");
  const [mapping, setMapping] = useState<Mapping>({});
  const [inputKey, setInputKey] = useState(0);
  const start = useSettingsMutation(startCsv);

  const choose = async (chosen: File | undefined) => {
    setFile(null);
    setHead(null);
    setReadError(null);
    start.reset();
    if (!chosen) return;
    const text = await chosen.text();
    if (text.length > MAX_CHARS) {
      setReadError("The file is over 10 MB; import it with switchboard import csv instead.");
      return;
    }
    try {
      const read = await preview(headOf(text));
      setFile({ name: chosen.name, text });
      setHead(read);
      setMapping(read.kinds[kind].suggested);
    } catch (error) {
      setReadError(error instanceof Error ? error.message : String(error));
    }
  };

  const changeKind = (next: Kind) => {
    setKind(next);
    if (head) setMapping(head.kinds[next].suggested);
  };

  const fields = head?.kinds[kind];
  const missing = fields ? fields.required.filter((f) => !mapping[f]) : [];
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file || missing.length > 0) return;
    start.mutate(
      { kind, fileName: file.name, csv: file.text, mapping },
      {
        onSuccess: () => {
          setFile(null);
          setHead(null);
          setMapping({});
          setInputKey((k) => k + 1);
          showToast("CSV import started; its progress shows below.");
        },
      },
    );
  };

  return (
    <form className="account-card workspace-form csv-import" onSubmit={submit} aria-label="Import a CSV file">
      <h3>Import a CSV file</h3>
      <div className="field">
        <label>
          <span>CSV file</span>
          <input
            key={inputKey}
            name="csv-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
        <span className="password-hint">
          Up to 10 MB, with a header row. An id column makes a second upload update instead of duplicating.
        </span>
      </div>
      {readError && (
        <p className="form-error" role="alert">
          {readError}
        </p>
      )}
      {head && fields && (
        <>
          <div className="field">
            <label>
              <span>The rows are</span>
              <select name="csv-kind" value={kind} onChange={(e) => changeKind(e.target.value as Kind)}>
                {KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="settings-table-wrap">
            <table className="settings-table csv-preview" aria-label="First rows of the file">
              <thead>
                <tr>
                  {head.columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {head.rows.map((row, i) => (
                  // Rows of a file have no identity but their place.
                  // biome-ignore lint/suspicious/noArrayIndexKey: a preview row is its line
                  <tr key={i}>
                    {head.columns.map((c, j) => (
                      <td key={c}>{row[j] ?? ""}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="csv-mapping">
            <legend>Columns</legend>
            {[...fields.required, ...fields.optional].map((field) => {
              const required = fields.required.includes(field);
              return (
                <label key={field} className="csv-mapping-row">
                  <span>
                    {FIELD_LABELS[field] ?? field}
                    {required && <abbr title="required"> *</abbr>}
                  </span>
                  <select
                    aria-label={`Column for ${FIELD_LABELS[field] ?? field}`}
                    value={mapping[field] ?? ""}
                    onChange={(e) => {
                      const column = e.target.value;
                      setMapping(({ [field]: _, ...rest }) => (column ? { ...rest, [field]: column } : rest));
                    }}
                  >
                    <option value="">{required ? "— choose a column —" : "— not imported —"}</option>
                    {head.columns.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
              );
            })}
          </fieldset>
          {missing.length > 0 && (
            <p className="form-error" role="status">
              Choose a column for {missing.map((f) => FIELD_LABELS[f] ?? f).join(", ")}.
            </p>
          )}
        </>
      )}
      {start.isError && (
        <p className="form-error" role="alert">
          {start.error.message}
        </p>
      )}
      <p>
        <button
          type="submit"
          className="button primary"
          disabled={disabled || !file || missing.length > 0 || start.isPending}
        >
          {disabled ? "An import is running…" : "Import CSV"}
        </button>
      </p>
    </form>
  );
}
