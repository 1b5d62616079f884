// Everything a signed-out visitor can reach: the setup page on a fresh instance, the pages the
// mailed links open, "forgot password", and otherwise the sign-in form.
import { useQuery } from "@tanstack/react-query";
import { Route, Switch } from "wouter";
import { LoginPage } from "../auth/LoginPage";
import { setupStatus } from "./api";
import { ForgotPasswordPage } from "./ForgotPasswordPage";
import { InvitationPage } from "./InvitationPage";
import { ResetPasswordPage } from "./ResetPasswordPage";
import { SetupPage } from "./SetupPage";

export function SignedOut() {
  const setup = useQuery({ queryKey: ["setup"], queryFn: ({ signal }) => setupStatus(signal), staleTime: 60_000 });
  return (
    <Switch>
      <Route path="/forgot-password" component={ForgotPasswordPage} />
      <Route path="/reset-password" component={ResetPasswordPage} />
      <Route path="/invitation" component={InvitationPage} />
      <Route>{setup.data?.needed ? <SetupPage /> : <LoginPage />}</Route>
    </Switch>
  );
}
