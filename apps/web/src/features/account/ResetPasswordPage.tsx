// The page a reset (or set-password) link opens: who it is for, then the new password. Setting
// it ends every other session and signs this browser in.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { AuthCard, BackToSignIn } from "./AuthCard";
import { lookupPasswordLink, resetPassword, tokenFromUrl } from "./api";
import { isStrong, NewPasswordInput } from "./PasswordInput";
import { useSignedIn } from "./useSignedIn";

export function ResetPasswordPage() {
  const token = tokenFromUrl();
  const signedIn = useSignedIn();
  const [password, setPassword] = useState("");
  const link = useQuery({
    queryKey: ["password-link", token],
    queryFn: () => lookupPasswordLink(token),
    retry: false,
    enabled: token.length > 0,
  });
  const reset = useMutation({ mutationFn: () => resetPassword(token, password), onSuccess: signedIn });

  if (!token || link.isError) {
    return (
      <AuthCard title="This link does not work">
        {link.isError ? (
          <ErrorNotice error={link.error} />
        ) : (
          <p>The link is incomplete: open it again from your email.</p>
        )}
        <p>
          <a href="/forgot-password">Ask for a new link</a>
        </p>
        <BackToSignIn />
      </AuthCard>
    );
  }
  if (!link.data) {
    return (
      <AuthCard title="Checking your link…">
        <p aria-busy="true" className="muted">
          One moment.
        </p>
      </AuthCard>
    );
  }
  const person = { email: link.data.email, name: link.data.name };
  return (
    <AuthCard
      title={link.data.kind === "set_password" ? "Set your password" : "Choose a new password"}
      subtitle={
        <>
          For <strong>{link.data.email}</strong> in {link.data.workspaceName}
        </>
      }
      onSubmit={() => reset.mutate()}
    >
      <NewPasswordInput value={password} onChange={setPassword} person={person} />
      {reset.isError && <ErrorNotice error={reset.error} />}
      <button type="submit" className="button primary" disabled={reset.isPending || !isStrong(password, person)}>
        {reset.isPending ? "Saving…" : "Save password and sign in"}
      </button>
      {link.data.kind === "password_reset" && (
        <p className="password-hint">Saving signs you out of Switchboard everywhere else.</p>
      )}
    </AuthCard>
  );
}
