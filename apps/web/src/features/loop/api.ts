// The keyboard loop's endpoints: drafts per issue and person, taking a reply back, the undo window.
import type { Draft, DraftList, Ok, SendingSettings, WithdrawnReply } from "@switchboard/api";
import { request } from "../../api/client";

export const listDrafts = (signal?: AbortSignal) => request<DraftList>("/drafts", { signal });

export const getDraft = (number: number, signal?: AbortSignal) =>
  request<{ draft: Draft | null }>(`/issues/${number}/draft`, { signal });

export const saveDraft = (number: number, visibility: "public" | "internal", body: string) =>
  request<{ draft: Draft | null }>(`/issues/${number}/draft`, { method: "PUT", body: { visibility, body } });

export const discardDraft = (number: number) => request<Ok>(`/issues/${number}/draft`, { method: "DELETE" });

export const undoSend = (messageId: string) =>
  request<WithdrawnReply>(`/messages/${messageId}/undo`, { method: "POST", body: {} });

export const getSendingSettings = (signal?: AbortSignal) => request<SendingSettings>("/settings/sending", { signal });
