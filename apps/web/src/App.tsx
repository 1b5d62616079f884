// Session gate: the signed-out pages (login, setup, mailed links) until someone is signed in,
// then the agent app.
import { useRoute } from "wouter";
import { ConfirmEmailPage } from "./features/account/ConfirmEmailPage";
import { ForcePasswordChange } from "./features/account/ForcePasswordChange";
import { SignedOut } from "./features/account/SignedOut";
import { useSession } from "./features/auth/useSession";
import { AppShell } from "./features/shell/AppShell";
import { ErrorNotice } from "./ui/ErrorNotice";

export function App() {
  const session = useSession();
  // The email-change link works signed in or out (it goes to the new address's inbox).
  const [confirmingEmail] = useRoute("/confirm-email");
  if (confirmingEmail) return <ConfirmEmailPage />;
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
