// Internal threads over the API: the internal Slack channels, an issue's threads, asking, and
// notes into a thread. Query keys sit under ["issue", n] so realtime notices refresh them.
import type { InternalChannel, InternalThread, Items, Ok } from "@switchboard/api";
import { request } from "../../api/client";
import { createStore } from "../../ui/store";

export const threadsKey = (number: number) => ["issue", number, "internal-threads"] as const;
export const channelsKey = ["directory", "internal-channels"] as const;

export const listInternalChannels = (signal?: AbortSignal) =>
  request<Items<InternalChannel>>("/internal-channels", { signal }).then((r) => r.items);

export const listInternalThreads = (number: number, signal?: AbortSignal) =>
  request<Items<InternalThread>>(`/issues/${number}/internal-threads`, { signal }).then((r) => r.items);

export const startInternalThread = (number: number, input: { channelId: string; question: string }) =>
  request<InternalThread>(`/issues/${number}/internal-threads`, { method: "POST", body: input });

export const noteToInternalThread = (number: number, threadId: string, body: string) =>
  request<{ id: string }>(`/issues/${number}/internal-threads/${threadId}/messages`, {
    method: "POST",
    body: { body },
  });

export const saveInternalChannel = (input: { slackChannelId: string; name: string; purpose: string }) =>
  request<InternalChannel>("/internal-channels", { method: "POST", body: input });

export const updateInternalChannel = (id: string, input: { name?: string; purpose?: string }) =>
  request<InternalChannel>(`/internal-channels/${id}`, { method: "PATCH", body: input });

export const removeInternalChannel = (id: string) => request<Ok>(`/internal-channels/${id}`, { method: "DELETE" });

/** The issue whose "ask in an internal channel" dialog should open (palette, shortcut, button). */
export const askRequest = createStore<number | null>(null);
export const requestInternalThread = (number: number) => askRequest.set(number);
