// Session state: who is signed in (from /auth/me on load), and the login/logout mutations.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchSession, login, logout } from "../../api/client";
import type { Credentials, Session, User } from "../../api/types";

export const SESSION_KEY = ["session"] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) => login(credentials),
    onSuccess: (session) => queryClient.setQueryData<Session | null>(SESSION_KEY, session),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      queryClient.setQueryData<Session | null>(SESSION_KEY, null);
      // Nothing fetched for the previous user may leak into the next session. The session
      // query itself stays: removing it would detach the observer that shows the login page.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}

/** The signed-in user, for components rendered inside the signed-in shell only. */
export function useMe(): User {
  const session = useSession();
  if (!session.data) throw new Error("useMe used outside a signed-in session");
  return session.data.user;
}
