// What a signed-out visitor sees: the setup page on a fresh instance, "forgot password", and
// otherwise the sign-in form. (The pages mailed links open are routed in App, signed in or out.)
import { useQuery } from "@tanstack/react-query";
import { Route, Switch } from "wouter";
import { LoginPage } from "../auth/LoginPage";
import { setupStatus } from "./api";
import { ForgotPasswordPage } from "./ForgotPasswordPage";
import { SetupPage } from "./SetupPage";

export function SignedOut() {
  const setup = useQuery({ queryKey: ["setup"], queryFn: ({ signal }) => setupStatus(signal), staleTime: 60_000 });
  return (
    <Switch>
      <Route path="/forgot-password" component={ForgotPasswordPage} />
      <Route>{setup.data?.needed ? <SetupPage /> : <LoginPage demo={setup.data?.demo === true} />}</Route>
    </Switch>
  );
}
