// The Linear integration's API calls, shared by the settings section, the issue panel and the
// feature-request page. Queries sit under "directory" so realtime settings notices refresh them.
import type { FeatureRequest, LinearConnection, LinearLabel, LinearTeam } from "@switchboard/api";
import { useQuery } from "@tanstack/react-query";
import { request } from "../../api/client";

export const connectionKey = ["directory", "linear"] as const;

export function useLinearConnection() {
  return useQuery({
    queryKey: connectionKey,
    queryFn: ({ signal }) => request<LinearConnection>("/integrations/linear", { signal }),
  });
}

export function useLinearTeams(enabled: boolean) {
  return useQuery({
    queryKey: ["directory", "linear", "teams"],
    queryFn: ({ signal }) => request<{ items: LinearTeam[] }>("/integrations/linear/teams", { signal }),
    select: (d) => d.items,
    enabled,
  });
}

export function useLinearLabels(teamId: string) {
  return useQuery({
    queryKey: ["directory", "linear", "labels", teamId],
    queryFn: ({ signal }) =>
      request<{ items: LinearLabel[] }>(`/integrations/linear/labels?teamId=${encodeURIComponent(teamId)}`, {
        signal,
      }),
    select: (d) => d.items,
    enabled: teamId !== "",
  });
}

export function useFeatureRequests(status: "open" | "all") {
  return useQuery({
    queryKey: ["linear", "feature-requests", status],
    queryFn: ({ signal }) =>
      request<{ items: FeatureRequest[] }>(`/integrations/linear/feature-requests?status=${status}`, { signal }),
    select: (d) => d.items,
  });
}

export const connectLinear = (body: { apiKey: string; webhookSecret?: string; apiUrl?: string }) =>
  request<LinearConnection>("/integrations/linear", { method: "PUT", body });
export const updateLinear = (body: { defaultTeamId?: string | null; commentSync?: boolean }) =>
  request<LinearConnection>("/integrations/linear", { method: "PATCH", body });
export const disconnectLinear = () => request<{ ok: true }>("/integrations/linear", { method: "DELETE" });
export const testLinear = () =>
  request<{ ok: true; organizationName: string; viewerName: string }>("/integrations/linear/test", {
    method: "POST",
    body: {},
  });
export const unlinkLinear = (number: number, linkId: string) =>
  request<{ ok: true }>(`/issues/${number}/linear-links/${linkId}`, { method: "DELETE" });
