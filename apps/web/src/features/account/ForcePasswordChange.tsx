// The demo admin's password is public (README) and this server is reachable beyond loopback:
// nothing else works until a new one is chosen.
import { useQueryClient } from "@tanstack/react-query";
import type { Session } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { SESSION_KEY, useLogout } from "../auth/useSession";
import { AuthCard } from "./AuthCard";
import { usePasswordChange } from "./PasswordInput";

export function ForcePasswordChange({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const logout = useLogout();
  const { fields, change, ready } = usePasswordChange({ email: session.user.email, name: session.user.name }, () => {
    const changed: Session = { ...session, user: { ...session.user, mustChangePassword: false } };
    queryClient.setQueryData<Session | null>(SESSION_KEY, changed);
  });
  return (
    <AuthCard
      title="Choose a new password"
      subtitle="This account's password is publicly known and this server is reachable from the network."
      onSubmit={() => change.mutate()}
    >
      {fields}
      {change.isError && <ErrorNotice error={change.error} />}
      <button type="submit" className="button primary" disabled={!ready}>
        {change.isPending ? "Saving…" : "Save password"}
      </button>
      <button type="button" className="button" onClick={() => logout.mutate()}>
        Sign out
      </button>
    </AuthCard>
  );
}
