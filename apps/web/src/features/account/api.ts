// Account endpoints: the public ones behind mailed links and the setup page, and /me.
import type {
  EmailChanged,
  EmailChangePending,
  InvitationPreview,
  Items,
  Ok,
  PasswordChanged,
  PasswordLink,
  Session,
  SetupStatus,
  SignedInSession,
  User,
} from "@switchboard/api";
import { request } from "../../api/client";

export type { InvitationPreview, PasswordLink, SignedInSession };

const post = <T>(path: string, body: unknown) => request<T>(path, { method: "POST", body });

export const setupStatus = (signal?: AbortSignal) => request<SetupStatus>("/setup", { signal });
export const completeSetup = (input: {
  token: string;
  workspace: { name: string; domains: string[]; timeZone: string };
  admin: { name: string; email: string; password: string };
}) => post<Session>("/setup", input);

export const requestPasswordReset = (email: string) => post<Ok>("/auth/password-reset", { email });
export const lookupPasswordLink = (token: string) => post<PasswordLink>("/auth/password-reset/lookup", { token });
export const resetPassword = (token: string, password: string) =>
  post<Session>("/auth/password-reset/confirm", { token, password });
export const confirmEmailChange = (token: string) => post<EmailChanged>("/auth/email-change/confirm", { token });

export const lookupInvitation = (token: string) => post<InvitationPreview>("/invitations/lookup", { token });
export const acceptInvitation = (input: { token: string; name: string; password: string }) =>
  post<Session>("/invitations/accept", input);

export const updateMe = (name: string) => request<User>("/me", { method: "PATCH", body: { name } });
export const changePassword = (currentPassword: string, newPassword: string) =>
  post<PasswordChanged>("/me/password", { currentPassword, newPassword });
export const changeEmail = (email: string, currentPassword: string) =>
  post<EmailChangePending>("/me/email", { email, currentPassword });
export const listSessions = (signal?: AbortSignal) => request<Items<SignedInSession>>("/me/sessions", { signal });
export const signOutSession = (id: string) => request<Ok>(`/me/sessions/${id}`, { method: "DELETE" });

/** The `token` of the current page's URL (the mailed links carry it there). */
export const tokenFromUrl = () => new URLSearchParams(window.location.search).get("token") ?? "";
