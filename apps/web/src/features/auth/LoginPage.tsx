// Email + password sign-in. The server sets the session cookie; we keep its CSRF token.
import { type FormEvent, useState } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { CurrentPasswordInput } from "../account/PasswordInput";
import { useLogin } from "./useSession";

/** `demo`: this server runs the demo workspace, whose credentials are published (README). */
export function LoginPage({ demo }: { demo: boolean }) {
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
        <CurrentPasswordInput label="Password" name="password" value={password} onChange={setPassword} />
        {loginMutation.isError && <ErrorNotice error={loginMutation.error} />}
        <button type="submit" className="button primary" disabled={loginMutation.isPending}>
          {loginMutation.isPending ? "Signing in…" : "Sign in"}
        </button>
        <a href="/forgot-password" className="forgot-link">
          Forgot your password?
        </a>
        {demo && <p className="hint">Demo: admin@demo.switchboard.test / switchboard</p>}
      </form>
    </main>
  );
}
