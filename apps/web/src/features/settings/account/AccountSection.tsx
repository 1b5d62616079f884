// "Your account": one's own name, email (confirmed by a link to the new address), password
// (current one required; other sessions end), and where one is signed in, with sign-out.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Session } from "../../../api/types";
import { ErrorNotice } from "../../../ui/ErrorNotice";
import { ageLabel, dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { changeEmail, listSessions, signOutSession, updateMe } from "../../account/api";
import { CurrentPasswordInput, usePasswordChange } from "../../account/PasswordInput";
import { SESSION_KEY, useMe } from "../../auth/useSession";
import { Section } from "../Section";

export function AccountSection() {
  return (
    <Section title="Your account" description="Your name, sign-in email and password, and where you're signed in.">
      <div className="account-forms">
        <NameForm />
        <EmailForm />
        <PasswordForm />
      </div>
      <SessionsList />
    </Section>
  );
}

function Card({ title, onSubmit, children }: { title: string; onSubmit: () => void; children: React.ReactNode }) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="account-card" onSubmit={submit} aria-label={title}>
      <h3>{title}</h3>
      {children}
    </form>
  );
}

function NameForm() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [name, setName] = useState(me.name);
  const save = useMutation({
    mutationFn: () => updateMe(name.trim()),
    onSuccess: (user) => {
      queryClient.setQueryData<Session | null>(SESSION_KEY, (s) =>
        s ? { ...s, user: { ...s.user, name: user.name } } : s,
      );
      showToast("Name saved.");
    },
  });
  return (
    <Card title="Name" onSubmit={() => save.mutate()}>
      <label className="field">
        <span>Your name</span>
        <input name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {save.isError && <ErrorNotice error={save.error} />}
      <button type="submit" className="button" disabled={save.isPending || !name.trim() || name.trim() === me.name}>
        Save name
      </button>
    </Card>
  );
}

function EmailForm() {
  const me = useMe();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const save = useMutation({ mutationFn: () => changeEmail(email.trim(), password) });
  return (
    <Card title="Email" onSubmit={() => save.mutate()}>
      <p className="muted">
        You sign in with <strong>{me.email}</strong>.
      </p>
      {save.isSuccess ? (
        <p className="notice" role="status">
          We sent a link to <strong>{save.data.pendingEmail}</strong>. Your email changes when you open it (within 24
          hours).
        </p>
      ) : (
        <>
          <label className="field">
            <span>New email</span>
            <input type="email" name="new-email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <CurrentPasswordInput name="email-current-password" value={password} onChange={setPassword} />
          {save.isError && <ErrorNotice error={save.error} />}
          <button type="submit" className="button" disabled={save.isPending}>
            Send confirmation link
          </button>
        </>
      )}
    </Card>
  );
}

function PasswordForm() {
  const me = useMe();
  const queryClient = useQueryClient();
  const { fields, change, ready } = usePasswordChange({ email: me.email, name: me.name }, (result) => {
    queryClient.invalidateQueries({ queryKey: ["me", "sessions"] });
    showToast(
      result.signedOut > 0
        ? `Password changed. Signed out ${result.signedOut} other session${result.signedOut === 1 ? "" : "s"}.`
        : "Password changed.",
    );
  });
  return (
    <Card title="Password" onSubmit={() => change.mutate()}>
      {fields}
      {change.isError && <ErrorNotice error={change.error} />}
      <button type="submit" className="button" disabled={!ready}>
        Change password
      </button>
      <p className="password-hint">Changing it signs you out everywhere else.</p>
    </Card>
  );
}

/** A readable device from a user agent: "Chrome on Linux". */
function deviceOf(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : userAgent.split(/[ /]/)[0] || "A client";
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /Mac OS X/.test(userAgent)
      ? "macOS"
      : /Android/.test(userAgent)
        ? "Android"
        : /iPhone|iPad/.test(userAgent)
          ? "iOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return os ? `${browser} on ${os}` : browser;
}

function SessionsList() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ["me", "sessions"], queryFn: ({ signal }) => listSessions(signal) });
  const signOut = useMutation({
    mutationFn: signOutSession,
    onSuccess: () => showToast("Signed out that session."),
    onError: (e) => showError("Could not sign out that session", e),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["me", "sessions"] }),
  });
  return (
    <section className="account-sessions" aria-labelledby="sessions-title">
      <h3 id="sessions-title">Where you're signed in</h3>
      {sessions.isPending ? (
        <p className="state-line" aria-busy="true">
          Loading sessions…
        </p>
      ) : sessions.isError ? (
        <ErrorNotice error={sessions.error} onRetry={() => sessions.refetch()} />
      ) : (
        <ul className="session-list">
          {sessions.data.items.map((s) => (
            <li key={s.id}>
              <div>
                <strong>{deviceOf(s.userAgent)}</strong>
                {s.current && <span className="badge status-on">This browser</span>}
                <div className="muted">
                  {s.ip ?? "unknown address"} · signed in{" "}
                  <time title={dateLabel(s.createdAt)}>{ageLabel(s.createdAt)} ago</time>
                </div>
              </div>
              {!s.current && (
                <button
                  type="button"
                  className="button small"
                  disabled={signOut.isPending}
                  onClick={() => signOut.mutate(s.id)}
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
