// The frame of the signed-out pages (sign in, setup, reset, invitation): one card, centred.
import type { FormEvent, ReactNode } from "react";

type Props = { title: string; subtitle?: ReactNode; onSubmit?: () => void; wide?: boolean; children: ReactNode };

export function AuthCard({ title, subtitle, onSubmit, wide, children }: Props) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit?.();
  };
  return (
    <main className="login">
      <form className={wide ? "login-card wide" : "login-card"} onSubmit={submit} aria-labelledby="auth-title">
        <h1 id="auth-title" className="brand">
          {title}
        </h1>
        {subtitle && <p className="muted">{subtitle}</p>}
        {children}
      </form>
    </main>
  );
}

export function BackToSignIn() {
  return (
    <p className="hint">
      <a href="/">Back to sign in</a>
    </p>
  );
}
