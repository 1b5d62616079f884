// A small inline list editor: the values as chips with a remove button, and an input that adds
// one on Enter (or on leaving it). Values are trimmed and lower-cased, as the API stores them.
import { useState } from "react";

export function ChipEditor({
  values,
  noun,
  owner,
  onChange,
  readOnly,
  saving,
}: {
  values: readonly string[];
  /** What one value is, for labels: "tag", "role". */
  noun: string;
  /** Whose values these are, for labels: "Acme Corp". */
  owner: string;
  onChange: (next: string[]) => void;
  readOnly?: boolean;
  saving?: boolean;
}) {
  const [draft, setDraft] = useState("");
  const add = () => {
    const value = draft.trim().toLowerCase();
    setDraft("");
    if (value && !values.includes(value)) onChange([...values, value]);
  };
  if (readOnly) {
    return values.length === 0 ? (
      <span className="muted">—</span>
    ) : (
      <span className="chip-editor">
        {values.map((v) => (
          <span key={v} className="chip">
            {v}
          </span>
        ))}
      </span>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of chips and their input, not a form field set
    <span className="chip-editor" role="group" aria-label={`${capitalise(noun)}s of ${owner}`} aria-busy={saving}>
      {values.map((v) => (
        <span key={v} className="chip">
          {v}
          <button
            type="button"
            className="chip-x"
            aria-label={`Remove ${noun} ${v} from ${owner}`}
            disabled={saving}
            onClick={() => onChange(values.filter((x) => x !== v))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        className="chip-input"
        aria-label={`Add ${noun} to ${owner}`}
        placeholder={`Add ${noun}…`}
        maxLength={50}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          }
        }}
        onBlur={add}
      />
    </span>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
