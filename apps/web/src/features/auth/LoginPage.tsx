// Email + password sign-in. The server sets the session cookie; we keep its CSRF token.
import { type FormEvent, useState } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { CurrentPasswordInput } from "../account/PasswordInput";
import { useLogin } from "./useSession";

/** Why the server sent the browser back from an SSO sign-in (domain/sso.ts SsoFailure). */
const SSO_ERRORS: Record<string, string> = {
  not_configured: "Single sign-on is not set up for this email's workspace.",
  state_invalid: "The SSO sign-in started in another browser or took too long. Try again.",
  provider_error: "The identity provider could not be reached or refused the sign-in.",
  token_invalid: "The identity provider's answer could not be verified.",
  email_missing: "The identity provider did not share an email address.",
  email_not_verified: "The identity provider has not verified your email address.",
  domain_not_allowed: "Your email domain is not allowed to sign in to this workspace.",
  email_in_other_workspace: "This email belongs to another workspace.",
  user_deactivated: "Your account has been deactivated.",
};

/** `demo`: this server runs the demo workspace, whose credentials are published (README). */
export function LoginPage({ demo }: { demo: boolean }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const loginMutation = useLogin();
  const ssoError = new URLSearchParams(window.location.search).get("sso_error");
  const [ssoNeedsEmail, setSsoNeedsEmail] = useState(false);
  const startSso = () => {
    if (!email.trim()) {
      setSsoNeedsEmail(true);
      return;
    }
    window.location.assign(`/api/v1/auth/sso/start?email=${encodeURIComponent(email.trim())}`);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    loginMutation.mutate({ email: email.trim(), password });
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title" className="brand">
          Switchboard
        </h1>
        <p className="muted">Sign in to your workspace</p>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <CurrentPasswordInput label="Password" name="password" value={password} onChange={setPassword} />
        {loginMutation.isError && <ErrorNotice error={loginMutation.error} />}
        <button type="submit" className="button primary" disabled={loginMutation.isPending}>
          {loginMutation.isPending ? "Signing in…" : "Sign in"}
        </button>
        <button type="button" className="button" onClick={startSso}>
          Sign in with SSO
        </button>
        {ssoNeedsEmail && !email.trim() && (
          <p className="notice error" role="alert">
            Enter your work email first: it tells us which workspace to sign in to.
          </p>
        )}
        {ssoError && (
          <p className="notice error" role="alert">
            {SSO_ERRORS[ssoError] ?? "Single sign-on did not work."}
          </p>
        )}
        <a href="/forgot-password" className="forgot-link">
          Forgot your password?
        </a>
        {demo && <p className="hint">Demo: admin@demo.switchboard.test / switchboard</p>}
      </form>
    </main>
  );
}
