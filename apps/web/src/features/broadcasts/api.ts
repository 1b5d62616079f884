// Broadcasts over the API. Query keys sit under ["broadcasts"], which realtime notices refresh.
import type { Broadcast, BroadcastAudience, BroadcastPreview, BroadcastRecipient, Ok, Page } from "@switchboard/api";
import { request } from "../../api/client";

export type { Broadcast, BroadcastAudience, BroadcastPreview, BroadcastRecipient };

export interface BroadcastDraft {
  title: string;
  body: string;
  audience: BroadcastAudience;
  channels: Broadcast["channels"];
  contactRoles: string[];
}

export const broadcastsKey = ["broadcasts"] as const;

export const listBroadcasts = (signal?: AbortSignal) =>
  request<Page<Broadcast>>("/broadcasts?limit=100", { signal }).then((r) => r.items);
export const getBroadcast = (id: string, signal?: AbortSignal) => request<Broadcast>(`/broadcasts/${id}`, { signal });
export const createBroadcast = (input: BroadcastDraft) =>
  request<Broadcast>("/broadcasts", { method: "POST", body: input });
export const updateBroadcast = (id: string, input: Partial<BroadcastDraft>) =>
  request<Broadcast>(`/broadcasts/${id}`, { method: "PATCH", body: input });
export const deleteBroadcast = (id: string) => request<Ok>(`/broadcasts/${id}`, { method: "DELETE" });
export const sendBroadcast = (id: string, scheduledAt?: string) =>
  request<Broadcast>(`/broadcasts/${id}/send`, { method: "POST", body: scheduledAt ? { scheduledAt } : {} });
export const cancelBroadcast = (id: string) => request<Broadcast>(`/broadcasts/${id}/cancel`, { method: "POST" });
export const retryFailed = (id: string) =>
  request<{ retried: number }>(`/broadcasts/${id}/retry-failed`, { method: "POST" });
export const previewBroadcast = (id: string, signal?: AbortSignal) =>
  request<BroadcastPreview>(`/broadcasts/${id}/preview?limit=20`, { signal });
export const listRecipients = (id: string, status: string, cursor: string | null, signal?: AbortSignal) =>
  request<Page<BroadcastRecipient>>(
    `/broadcasts/${id}/recipients?limit=50${status ? `&status=${status}` : ""}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    { signal },
  );
