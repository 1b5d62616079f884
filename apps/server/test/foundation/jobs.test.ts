// Jobs are enqueued in the command's transaction (DESIGN principle: a crash never loses a job,
// a rolled-back change never runs one). Read straight from pg-boss's job table.

import { randomUUID } from "node:crypto";
import type { Message } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { openIssue } from "../../src/commands/issues";
import { replyToIssue } from "../../src/commands/messages";
import { executeRaw } from "../../src/db/raw";
import { api, buildWorkspace, useTestApp } from "../harness";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

async function jobStates(where: string, value: string): Promise<string[]> {
  const { rows } = await app().services.database.query(`SELECT state FROM pgboss.job WHERE ${where} = $1`, [value]);
  return rows.map((r) => String(r.state));
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("jobs", () => {
  it("never runs a job enqueued by a rolled-back command, and runs a committed one", async () => {
    const ws = await buildWorkspace(app());
    const rolledBack = randomUUID();
    const committed = randomUUID();

    await expect(
      ws.run(async (ctx) => {
        await ctx.enqueue("message.deliver", { issueId: randomUUID(), messageId: rolledBack, channel: "email" });
        // Jobs are written at the end of the command, in its transaction: nothing is out yet.
        const inside = await executeRaw(ctx.tx, "SELECT 1 FROM pgboss.job WHERE data->>'messageId' = $1", [rolledBack]);
        expect(inside.rows).toHaveLength(0);
        throw new Error("the command fails after enqueueing");
      }),
    ).rejects.toThrow("the command fails after enqueueing");
    await ws.run((ctx) =>
      ctx.enqueue("message.deliver", { issueId: randomUUID(), messageId: committed, channel: "email" }),
    );

    // The committed job is picked up by the worker and completes (its message does not exist: a no-op).
    const states = await eventually(
      () => jobStates("data->>'messageId'", committed),
      (s) => s[0] === "completed",
    );
    expect(states).toEqual(["completed"]);
    // …and the rolled-back one was never there to run.
    expect(await jobStates("data->>'messageId'", rolledBack)).toEqual([]);
  });

  it("enqueues a product command's follow-up jobs only when it commits", async () => {
    const ws = await buildWorkspace(app());
    const failedIssueId = await ws
      .run(async (ctx) => {
        const issue = await openIssue(ctx, { title: "Doomed", channel: "email", threadKey: "<doomed@x.test>" });
        throw Object.assign(new Error("rollback"), { issueId: issue.id });
      })
      .catch((error: { issueId: string }) => error.issueId);
    expect(await jobStates("data->>'issueId'", failedIssueId)).toEqual([]);
    const as = api(app(), ws.admin);
    expect((await as.get("/issues")).json().items).toEqual([]);

    // A committed reply on an email issue queues its delivery; the worker runs it.
    const issue = await ws.run((ctx) =>
      openIssue(ctx, { title: "Kept", channel: "email", threadKey: "<kept@x.test>" }),
    );
    expect((await jobStates("data->>'issueId'", issue.id)).length).toBeGreaterThan(0); // issue.created
    const { message } = await ws.run((ctx) =>
      replyToIssue(ctx, issue.number, { visibility: "public", bodyText: "Hi" }),
    );
    expect(message.deliveryStatus).toBe("pending");
    const deliveries = await eventually(
      () => jobStates("data->>'messageId'", message.id),
      (s) => s.length > 0 && s.every((x) => x !== "created" && x !== "active"),
    );
    expect(deliveries.length).toBeGreaterThan(0);
    const shown = await eventually(
      async () => ((await as.get(`/issues/${issue.number}/messages`)).json().items as Message[])[0],
      (m) => m?.deliveryStatus !== "pending",
    );
    expect(shown?.deliveryStatus).not.toBe("pending");
  });
});
