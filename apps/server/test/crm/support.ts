// Shared steps of the CRM tests: a run requested through the API and waited for, and a customer
// issue on an account.
import { expect, vi } from "vitest";
import { ingestInbound } from "../../src/commands/inbound";
import { type api, type TestWorkspace, unique } from "../harness";

type Api = ReturnType<typeof api>;

export interface RunDetail {
  id: string;
  status: string;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  error: string | null;
  errors: { object: string; externalId: string; name: string | null; message: string }[];
}

/** Sync now, then wait until the worker finished the run. */
export async function syncNow(as: Api, provider: "salesforce" | "hubspot"): Promise<RunDetail> {
  const res = await as.post(`/integrations/${provider}/sync`);
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  return vi.waitFor(
    async () => {
      const run = (await as.get(`/crm-sync-runs/${id}`)).json() as RunDetail;
      expect(["succeeded", "failed"]).toContain(run.status);
      return run;
    },
    { timeout: 120_000, interval: 100 },
  );
}

export async function accountNamed(as: Api, name: string) {
  const items = (await as.get(`/accounts?q=${encodeURIComponent(name)}`)).json().items as {
    id: string;
    name: string;
  }[];
  return items.find((a) => a.name === name) as Record<string, unknown> & { id: string };
}

/** A customer's emailed issue on the account. */
export async function issueOn(ws: TestWorkspace, accountId: string, words: string): Promise<number> {
  const { issue } = await ws.run((ctx) =>
    ingestInbound(ctx, {
      workspaceId: ws.workspaceId,
      channel: "email",
      threadKey: unique("thread"),
      externalId: unique("msg"),
      author: { email: `${unique("casey")}@customer.example`, name: "Casey" },
      text: words,
      attachments: [],
      sentAt: new Date(),
      accountId,
      source: {},
    }),
  );
  return issue.number;
}

/** Issue numbers a view shows the caller. */
export async function viewNumbers(as: Api, viewId: string): Promise<number[]> {
  const items = (await as.get(`/views/${viewId}/issues?limit=200`)).json().items as { number: number }[];
  return items.map((i) => i.number);
}

/** Minutes after a fixed past instant: distinct, ordered modification times. */
export const minutesAfter = (start: Date, minutes: number) => new Date(start.getTime() + minutes * 60_000);
