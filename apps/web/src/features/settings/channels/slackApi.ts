// /slack/* shapes and calls: the workspace's Slack app connection and its channels.
import type { SlackConnectionInput } from "@switchboard/api";
import type { z } from "zod";
import { request } from "../../../api/client";

export type SlackConnection =
  | { connected: false }
  | { connected: true; teamId: string | null; appId: string | null; botUserId: string | null; issueEmoji: string };
export type ConnectionInput = z.input<typeof SlackConnectionInput>;

export type SlackChannel = {
  id: string;
  slackChannelId: string;
  name: string;
  isPrivate: boolean;
  isExtShared: boolean;
  isMember: boolean;
  mapped: boolean;
  account: { id: string; name: string } | null;
  mode: "all" | "reaction";
  suggestion: { accountId: string; accountName: string; basis: "domain" | "name"; reason: string } | null;
};

export const getConnection = (signal?: AbortSignal) => request<SlackConnection>("/slack/connection", { signal });
export const connect = (input: ConnectionInput) =>
  request<SlackConnection>("/slack/connection", { method: "PUT", body: input });
export const disconnect = () => request<{ ok: boolean }>("/slack/connection", { method: "DELETE" });
export const syncChannels = () => request<{ channels: unknown }>("/slack/channels/sync", { method: "POST", body: {} });
export const mapChannel = (id: string, input: { accountId?: string | null; mode?: SlackChannel["mode"] }) =>
  request<unknown>(`/slack/channels/${id}`, { method: "PATCH", body: input });
