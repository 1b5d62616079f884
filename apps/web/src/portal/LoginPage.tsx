// Sign in with a one-time code mailed to the address, or with the mail's link (opened at
// /login?token=…, which this page exchanges for a session once).
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import { portalApi } from "./api";

const ME_KEY = ["portal", "me"];

export function LoginPage({ siteName, helpUrl }: { siteName: string; helpUrl: string }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const linkTried = useRef(false);

  const signedIn = (me: unknown) => {
    queryClient.setQueryData(ME_KEY, me);
    navigate("/", { replace: true });
  };

  useEffect(() => {
    const token = new URLSearchParams(window.location.search).get("token");
    if (!token || linkTried.current) return;
    linkTried.current = true;
    setBusy(true);
    portalApi.logInWithLink(token).then(signedIn, (e: Error) => {
      setError(e.message);
      setBusy(false);
    });
  });

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await portalApi.askForLogin(email);
      setSent(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const verify = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signedIn(await portalApi.logInWithCode(email, code));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <main className="portal-login">
      <div className="portal-card portal-login-card">
        <h1>{siteName} Support</h1>
        {!sent ? (
          <form onSubmit={ask}>
            <p className="portal-muted">Sign in with your work email. We will send you a one-time code and link.</p>
            <label className="portal-field">
              <span>Email</span>
              <input
                type="email"
                required
                autoComplete="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </label>
            <button type="submit" className="portal-button" disabled={busy}>
              Email me a code
            </button>
          </form>
        ) : (
          <form onSubmit={verify}>
            <p className="portal-muted">
              If <strong>{email}</strong> is known to us, a code is on its way. Enter it here, or open the link in the
              mail.
            </p>
            <label className="portal-field">
              <span>Code</span>
              <input
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="\d{6}"
                maxLength={6}
                required
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
                aria-label="Code"
              />
            </label>
            <button type="submit" className="portal-button" disabled={busy}>
              Sign in
            </button>
            <button type="button" className="portal-link" onClick={() => setSent(false)}>
              Use another email
            </button>
          </form>
        )}
        {error && (
          <p role="alert" className="portal-error">
            {error}
          </p>
        )}
        <p className="portal-muted portal-small">
          Looking for answers? <a href={helpUrl}>Browse the help center</a>
        </p>
      </div>
    </main>
  );
}
