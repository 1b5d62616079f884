// A new-password field that says, as you type, what the server's rule will say.
import { passwordProblems } from "@switchboard/api/passwords";
import { useId } from "react";

type Props = {
  label?: string;
  value: string;
  onChange: (value: string) => void;
  person?: { email?: string; name?: string };
};

export function NewPasswordInput({ label = "New password", value, onChange, person }: Props) {
  const problems = value ? passwordProblems(value, person) : [];
  const strong = value.length > 0 && problems.length === 0;
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        name="new-password"
        autoComplete="new-password"
        required
        value={value}
        aria-describedby={`${id}-strength`}
        aria-invalid={value.length > 0 && !strong}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-strength`} className={strong ? "password-hint ok" : "password-hint"} aria-live="polite">
        {strong ? "Strong enough." : (problems[0] ?? "At least 10 characters; a few words make a good password.")}
      </span>
    </div>
  );
}

export const isStrong = (password: string, person?: { email?: string; name?: string }) =>
  password.length > 0 && passwordProblems(password, person).length === 0;
