// Session gate: the login page until someone is signed in, then the agent app.
import { LoginPage } from "./features/auth/LoginPage";
import { useSession } from "./features/auth/useSession";
import { AppShell } from "./features/shell/AppShell";
import { ErrorNotice } from "./ui/ErrorNotice";

export function App() {
  const session = useSession();
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
  return session.data ? <AppShell /> : <LoginPage />;
}
