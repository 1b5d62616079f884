// Chosen values as removable chips, plus an "Add…" select of the remaining options.
type Option = { value: string; label: string };

type Props = { label: string; options: Option[]; values: string[]; onChange: (values: string[]) => void };

export function MultiPick({ label, options, values, onChange }: Props) {
  const nameOf = (value: string) => options.find((o) => o.value === value)?.label ?? value;
  const remaining = options.filter((o) => !values.includes(o.value));
  return (
    <div className="multipick">
      {values.map((value) => (
        <span key={value} className="chip">
          {nameOf(value)}
          <button
            type="button"
            className="chip-x"
            aria-label={`Remove ${nameOf(value)}`}
            onClick={() => onChange(values.filter((v) => v !== value))}
          >
            ×
          </button>
        </span>
      ))}
      {remaining.length > 0 && (
        <select
          aria-label={`Add ${label}`}
          value=""
          onChange={(e) => e.target.value && onChange([...values, e.target.value])}
        >
          <option value="">Add…</option>
          {remaining.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
