// Labelled form controls with their inline error: every input has a visible label, and an
// error is announced and tied to its input (aria-invalid + aria-describedby).
import { type ReactNode, useId } from "react";

type Base = { label: string; error?: string; hint?: ReactNode };

function Message({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  if (error)
    return (
      <span id={id} className="inline-error">
        {error}
      </span>
    );
  return hint ? (
    <span id={id} className="field-hint">
      {hint}
    </span>
  ) : null;
}

type TextProps = Base & {
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "email" | "password" | "url" | "color";
  required?: boolean;
  maxLength?: number;
  placeholder?: string;
  disabled?: boolean;
  autoFocus?: boolean;
};

export function TextField({ label, error, hint, value, onChange, type = "text", autoFocus, ...rest }: TextProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        {...rest}
        id={id}
        type={type}
        value={value}
        // biome-ignore lint/a11y/noAutofocus: dialogs open to fill their first field
        autoFocus={autoFocus}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-msg` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <Message id={`${id}-msg`} error={error} hint={hint} />
    </div>
  );
}

type AreaProps = Base & {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  placeholder?: string;
  maxLength?: number;
};

export function TextAreaField({ label, error, hint, value, onChange, rows = 4, ...rest }: AreaProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        {...rest}
        id={id}
        rows={rows}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-msg` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <Message id={`${id}-msg`} error={error} hint={hint} />
    </div>
  );
}

export type Option = { value: string; label: string };

type SelectProps = Base & {
  value: string;
  onChange: (value: string) => void;
  options: Option[];
  disabled?: boolean;
};

export function SelectField({ label, error, hint, value, onChange, options, disabled }: SelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-msg` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Message id={`${id}-msg`} error={error} hint={hint} />
    </div>
  );
}

type CheckProps = Base & { checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean };

export function CheckField({ label, error, hint, checked, onChange, disabled }: CheckProps) {
  const id = useId();
  return (
    <div className="check-field">
      <label className="field inline">
        <input
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || hint ? `${id}-msg` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
      <Message id={`${id}-msg`} error={error} hint={hint} />
    </div>
  );
}
