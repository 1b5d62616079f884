// The page an email-change link opens: confirming it moves the account to the new address.
import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { AuthCard } from "./AuthCard";
import { confirmEmailChange, tokenFromUrl } from "./api";

export function ConfirmEmailPage() {
  const token = tokenFromUrl();
  const confirm = useMutation({ mutationFn: () => confirmEmailChange(token) });
  const { mutate } = confirm;
  // Opening the link is the confirmation: it carries a secret only the new address received.
  useEffect(() => {
    if (token) mutate();
  }, [token, mutate]);
  return (
    <AuthCard title="Confirm your email">
      {confirm.isSuccess ? (
        <p role="status">
          Done: you now sign in with <strong>{confirm.data.email}</strong>.
        </p>
      ) : confirm.isError ? (
        <ErrorNotice error={confirm.error} />
      ) : token ? (
        <p aria-busy="true" className="muted">
          Confirming…
        </p>
      ) : (
        <p>The link is incomplete: open it again from your email.</p>
      )}
      <p className="hint">
        <a href="/">Go to Switchboard</a>
      </p>
    </AuthCard>
  );
}
