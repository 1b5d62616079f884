// "Forgot your password?": the server mails a one-hour link when the address has an account,
// and answers the same when it has none (so this page cannot tell who has one).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { AuthCard, BackToSignIn } from "./AuthCard";
import { requestPasswordReset } from "./api";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const request = useMutation({ mutationFn: requestPasswordReset });
  if (request.isSuccess) {
    return (
      <AuthCard title="Check your email">
        <p role="status">
          If <strong>{email.trim()}</strong> has a Switchboard account, a link to choose a new password is on its way.
          It works once, for one hour.
        </p>
        <BackToSignIn />
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Reset your password"
      subtitle="We'll email you a link to choose a new one."
      onSubmit={() => request.mutate(email.trim())}
    >
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
      {request.isError && <ErrorNotice error={request.error} />}
      <button type="submit" className="button primary" disabled={request.isPending}>
        {request.isPending ? "Sending…" : "Send reset link"}
      </button>
      <BackToSignIn />
    </AuthCard>
  );
}
