// /slack/* calls: the workspace's Slack app connection and its channels. Shapes are the shared
// schemas' types (type-only imports, so zod stays out of the bundle).
import type {
  Ok,
  SlackChannel,
  SlackChannelMapping,
  SlackConnected,
  SlackConnection,
  SlackConnectionInput,
  SlackConnectionTest,
  SlackSync,
} from "@switchboard/api";
import type { z } from "zod";
import { request } from "../../../api/client";

export type { SlackChannel, SlackConnection, SlackConnectionTest };
export type ConnectionInput = z.input<typeof SlackConnectionInput>;

export const getConnection = (signal?: AbortSignal) => request<SlackConnection>("/slack/connection", { signal });
export const connect = (input: ConnectionInput) =>
  request<SlackConnected>("/slack/connection", { method: "PUT", body: input });
export const disconnect = () => request<Ok>("/slack/connection", { method: "DELETE" });
export const syncChannels = () => request<SlackSync>("/slack/channels/sync", { method: "POST", body: {} });
export const mapChannel = (id: string, input: { accountId?: string | null; mode?: SlackChannel["mode"] }) =>
  request<SlackChannelMapping>(`/slack/channels/${id}`, { method: "PATCH", body: input });
export const testConnection = () =>
  request<SlackConnectionTest>("/slack/connection/test", { method: "POST", body: {} });
/** A plain link: the session cookie authenticates a GET, and the server names the file. */
export const MANIFEST_URL = "/api/v1/slack/manifest";
