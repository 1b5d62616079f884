// The demo admin's password is public (README) and this server is reachable beyond loopback:
// nothing else works until a new one is chosen.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Session } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { SESSION_KEY, useLogout } from "../auth/useSession";
import { AuthCard } from "./AuthCard";
import { changePassword } from "./api";
import { isStrong, NewPasswordInput } from "./PasswordInput";

export function ForcePasswordChange({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const logout = useLogout();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const person = { email: session.user.email, name: session.user.name };
  const change = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: () => {
      const changed: Session = { ...session, user: { ...session.user, mustChangePassword: false } };
      queryClient.setQueryData<Session | null>(SESSION_KEY, changed);
    },
  });
  return (
    <AuthCard
      title="Choose a new password"
      subtitle="This account's password is publicly known and this server is reachable from the network."
      onSubmit={() => change.mutate()}
    >
      <label className="field">
        <span>Current password</span>
        <input
          type="password"
          name="current-password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <NewPasswordInput value={next} onChange={setNext} person={person} />
      {change.isError && <ErrorNotice error={change.error} />}
      <button type="submit" className="button primary" disabled={change.isPending || !isStrong(next, person)}>
        {change.isPending ? "Saving…" : "Save password"}
      </button>
      <button type="button" className="button" onClick={() => logout.mutate()}>
        Sign out
      </button>
    </AuthCard>
  );
}
