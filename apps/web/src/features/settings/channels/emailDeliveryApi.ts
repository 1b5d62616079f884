// /email/settings and /inboxes/:id/{setup,check}: outgoing email, DKIM and inbox set-up checks.
import type { EmailSettings, EmailTestResult, InboxCheckResult, InboxSetup } from "@switchboard/api";
import { request } from "../../../api/client";

export type { EmailSettings, EmailTestResult, InboxCheckResult, InboxSetup };

export interface SmtpForm {
  host: string;
  port?: number;
  security: "starttls" | "tls" | "none";
  user?: string | null;
  password?: string | null;
}

export const getEmailSettings = (signal?: AbortSignal) => request<EmailSettings>("/email/settings", { signal });
export const saveEmailSettings = (input: SmtpForm) =>
  request<EmailSettings>("/email/settings", { method: "PUT", body: input });
export const sendTestMail = (to: string) =>
  request<EmailTestResult>("/email/settings/test", { method: "POST", body: { to } });
export const generateDkim = (input: { domain: string; selector?: string }) =>
  request<EmailSettings>("/email/settings/dkim", { method: "PUT", body: input });
export const removeDkim = () => request<EmailSettings>("/email/settings/dkim", { method: "DELETE" });
export const getInboxSetup = (id: string, signal?: AbortSignal) =>
  request<InboxSetup>(`/inboxes/${id}/setup`, { signal });
export const checkInbox = (id: string) =>
  request<InboxCheckResult>(`/inboxes/${id}/check`, { method: "POST", body: {} });
