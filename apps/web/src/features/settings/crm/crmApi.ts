// The CRM sync endpoints: a connection per CRM, its mapping, sync now, and the runs.
import type { CrmConnection, CrmMapping, CrmSyncRun, CrmSyncRunDetail } from "@switchboard/api";
import { request } from "../../../api/client";

export type Provider = "salesforce" | "hubspot";

export const PROVIDERS: { id: Provider; name: string; authHint: string }[] = [
  { id: "salesforce", name: "Salesforce", authHint: "Login URL: https://login.salesforce.com, or your My Domain." },
  { id: "hubspot", name: "HubSpot", authHint: "API base: https://api.hubapi.com." },
];

export const crmKeys = {
  connection: (p: Provider) => ["settings", "crm", p] as const,
  runs: ["settings", "crm", "runs"] as const,
  run: (id: string) => ["settings", "crm", "runs", id] as const,
};

export const getConnection = (p: Provider, signal?: AbortSignal) =>
  request<CrmConnection>(`/integrations/${p}`, { signal });

export const connect = (
  p: Provider,
  body: { clientId: string; clientSecret: string; refreshToken: string; authUrl?: string },
) => request<CrmConnection>(`/integrations/${p}`, { method: "PUT", body });

export const disconnect = (p: Provider) => request<{ ok: true }>(`/integrations/${p}`, { method: "DELETE" });

export const saveMapping = (p: Provider, mapping: CrmMapping) =>
  request<CrmConnection>(`/integrations/${p}/mapping`, { method: "PUT", body: mapping });

export const syncNow = (p: Provider) => request<CrmSyncRun>(`/integrations/${p}/sync`, { method: "POST" });

export const listRuns = (signal?: AbortSignal) =>
  request<{ items: CrmSyncRun[]; nextCursor: string | null }>("/crm-sync-runs?limit=20", { signal });

export const getRun = (id: string, signal?: AbortSignal) =>
  request<CrmSyncRunDetail>(`/crm-sync-runs/${id}`, { signal });
