// Session gate: the signed-out pages (login, setup, mailed links) until someone is signed in,
// then the agent app.
import { useRoute } from "wouter";
import { ConfirmEmailPage } from "./features/account/ConfirmEmailPage";
import { ForcePasswordChange } from "./features/account/ForcePasswordChange";
import { InvitationPage } from "./features/account/InvitationPage";
import { ResetPasswordPage } from "./features/account/ResetPasswordPage";
import { SignedOut } from "./features/account/SignedOut";
import { useSession } from "./features/auth/useSession";
import { AppShell } from "./features/shell/AppShell";
import { ErrorNotice } from "./ui/ErrorNotice";

export function App() {
  const session = useSession();
  // The mailed links work signed in or out (a link is about its own account, not the browser's).
  const [confirmingEmail] = useRoute("/confirm-email");
  const [resetting] = useRoute("/reset-password");
  const [invited] = useRoute("/invitation");
  if (confirmingEmail) return <ConfirmEmailPage />;
  if (resetting) return <ResetPasswordPage />;
  if (invited) return <InvitationPage />;
  if (session.isPending) {
    return (
      <p className="boot" aria-busy="true">
        Loading Switchboard…
      </p>
    );
  }
  if (session.isError) {
    return (
      <main className="boot">
        <ErrorNotice error={session.error} onRetry={() => session.refetch()} />
      </main>
    );
  }
  if (!session.data) return <SignedOut />;
  if (session.data.user.mustChangePassword) return <ForcePasswordChange session={session.data} />;
  return <AppShell />;
}
