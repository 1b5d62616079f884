// Email + password sign-in. The server sets the session cookie; we keep its CSRF token.
import { type FormEvent, useState } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useLogin } from "./useSession";

export function LoginPage() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const loginMutation = useLogin();

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
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {loginMutation.isError && <ErrorNotice error={loginMutation.error} />}
        <button type="submit" className="button primary" disabled={loginMutation.isPending}>
          {loginMutation.isPending ? "Signing in…" : "Sign in"}
        </button>
        <a href="/forgot-password" className="forgot-link">
          Forgot your password?
        </a>
        <p className="hint">Demo: admin@demo.switchboard.test / switchboard</p>
      </form>
    </main>
  );
}
