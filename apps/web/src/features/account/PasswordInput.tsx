// The password fields every form shares: the current password (sign-in, confirming a change),
// a new password that says as you type what the server's rule will say, and the change of one's
// own password (current + new) that the settings page and the forced change both use.
import { passwordProblems } from "@switchboard/api/passwords";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { changePassword } from "./api";

type Person = { email?: string; name?: string };

type Props = {
  label?: string;
  value: string;
  onChange: (value: string) => void;
};

export function CurrentPasswordInput({
  label = "Current password",
  name = "current-password",
  value,
  onChange,
}: Props & { name?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="password"
        name={name}
        autoComplete="current-password"
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

export function NewPasswordInput({ label = "New password", value, onChange, person }: Props & { person?: Person }) {
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

export const isStrong = (password: string, person?: Person) =>
  password.length > 0 && passwordProblems(password, person).length === 0;

/**
 * Changing one's own password: the current one, a strong new one, and the request (the server
 * signs the other sessions out). `fields` goes inside the caller's form; `ready` gates its button.
 */
export function usePasswordChange(person: Person, onChanged: (result: { signedOut: number }) => void) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: (result) => {
      setCurrent("");
      setNext("");
      onChanged(result);
    },
  });
  const fields = (
    <>
      <CurrentPasswordInput value={current} onChange={setCurrent} />
      <NewPasswordInput value={next} onChange={setNext} person={person} />
    </>
  );
  return { fields, change, ready: !change.isPending && current.length > 0 && isStrong(next, person) };
}
