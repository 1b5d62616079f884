// After setup, an accepted invitation or a password set through a link, the server has opened a
// session: remember it and show the app at its start page.
import { useQueryClient } from "@tanstack/react-query";
import { rememberSession } from "../../api/client";
import type { Session } from "../../api/types";
import { SESSION_KEY } from "../auth/useSession";

export function useSignedIn() {
  const queryClient = useQueryClient();
  return (session: Session) => {
    rememberSession(session);
    window.history.replaceState(null, "", "/");
    queryClient.setQueryData<Session | null>(SESSION_KEY, session);
  };
}
