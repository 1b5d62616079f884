// The page an invitation link opens: who invited you where, then your name and password.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { AuthCard, BackToSignIn } from "./AuthCard";
import { acceptInvitation, lookupInvitation, tokenFromUrl } from "./api";
import { isStrong, NewPasswordInput } from "./PasswordInput";
import { useSignedIn } from "./useSignedIn";

export function InvitationPage() {
  const token = tokenFromUrl();
  const signedIn = useSignedIn();
  const invitation = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => lookupInvitation(token),
    retry: false,
    enabled: token.length > 0,
  });
  const [name, setName] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const accept = useMutation({
    mutationFn: (input: { name: string; password: string }) => acceptInvitation({ token, ...input }),
    onSuccess: signedIn,
  });

  if (!token || invitation.isError) {
    return (
      <AuthCard title="This invitation does not work">
        {invitation.isError ? (
          <ErrorNotice error={invitation.error} />
        ) : (
          <p>The link is incomplete: open it again from your email.</p>
        )}
        <p className="muted">Invitations work once, for 7 days. Ask the admin who invited you to send it again.</p>
        <BackToSignIn />
      </AuthCard>
    );
  }
  if (!invitation.data) {
    return (
      <AuthCard title="Opening your invitation…">
        <p aria-busy="true" className="muted">
          One moment.
        </p>
      </AuthCard>
    );
  }
  const data = invitation.data;
  const fullName = name ?? data.name ?? "";
  const person = { email: data.email, name: fullName };
  return (
    <AuthCard
      title={`Join ${data.workspaceName}`}
      subtitle={
        <>
          {data.invitedBy ? `${data.invitedBy} invited you` : "You are invited"} as {data.role}
          {data.teams.length > 0 && <> to {data.teams.join(", ")}</>}.
        </>
      }
      onSubmit={() => accept.mutate({ name: fullName.trim(), password })}
    >
      <label className="field">
        <span>Email</span>
        <input type="email" name="email" autoComplete="username" value={data.email} readOnly />
      </label>
      <label className="field">
        <span>Your name</span>
        <input name="name" autoComplete="name" required value={fullName} onChange={(e) => setName(e.target.value)} />
      </label>
      <NewPasswordInput label="Choose a password" value={password} onChange={setPassword} person={person} />
      {accept.isError && <ErrorNotice error={accept.error} />}
      <button
        type="submit"
        className="button primary"
        disabled={accept.isPending || !fullName.trim() || !isStrong(password, person)}
      >
        {accept.isPending ? "Joining…" : "Join workspace"}
      </button>
    </AuthCard>
  );
}
