// Shared steps of the import tests: a Zendesk import started through the API and waited for, and
// what the workspace holds afterwards, counted by external id.
import { and, eq, sql } from "drizzle-orm";
import { expect, vi } from "vitest";
import { importExternalIds, issues } from "../../src/db/schema";
import type { api, TestApp } from "../harness";
import type { ZendeskStandin } from "./standin";

type Api = ReturnType<typeof api>;

export interface RunView {
  id: string;
  status: string;
  stage: string | null;
  processed: number;
  total: number | null;
  skipped: number;
  counts: Record<string, { created: number; updated: number; skipped: number }>;
  error: string | null;
  resumable: boolean;
}

export async function startZendeskImport(as: Api, zd: ZendeskStandin): Promise<string> {
  const res = await as.post("/imports/zendesk", { baseUrl: zd.url, email: zd.email, token: zd.token });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

export async function waitForRun(as: Api, id: string): Promise<RunView> {
  return vi.waitFor(
    async () => {
      const run = (await as.get(`/imports/${id}`)).json() as RunView;
      expect(["succeeded", "failed"]).toContain(run.status);
      return run;
    },
    { timeout: 200_000, interval: 100 },
  );
}

export async function skippedOf(as: Api, id: string) {
  const res = await as.get(`/imports/${id}/skipped?limit=1000`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { object: string; externalId: string; reason: string }[];
}

/** Our issue number for a Zendesk ticket id. */
export async function issueNumberOf(app: TestApp, workspaceId: string, ticketId: number | string): Promise<number> {
  const [row] = await app.services.database.db
    .select({ number: issues.number })
    .from(importExternalIds)
    .innerJoin(issues, eq(issues.id, importExternalIds.internalId))
    .where(
      and(
        eq(importExternalIds.workspaceId, workspaceId),
        eq(importExternalIds.object, "issue"),
        eq(importExternalIds.externalId, String(ticketId)),
      ),
    );
  if (!row) throw new Error(`ticket ${ticketId} was not imported`);
  return row.number;
}

export async function countIssues(app: TestApp, workspaceId: string): Promise<number> {
  const [row] = await app.services.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(issues)
    .where(eq(issues.workspaceId, workspaceId));
  return row?.n ?? 0;
}
