// appendEvent writes one row of the typed event log; a field the event type does not have, or a
// value of the wrong type, does not compile (checked by `npm run typecheck`).
import { describe, expect, it } from "vitest";
import type { CommandContext, NewIssueEvent } from "./context";
import { appendEvent } from "./events";

const issue = { id: "6f1c0a4e-0000-4000-8000-000000000001", number: 42 };
const at = new Date("2026-11-20T09:00:00Z");

function recordingContext() {
  const rows: NewIssueEvent[] = [];
  const changes: unknown[] = [];
  const ctx: CommandContext = {
    // appendEvent writes through record/notify only; it never touches the transaction.
    tx: undefined as never,
    workspaceId: "ws-1",
    actor: { type: "user", userId: "u-1", role: "admin", name: "Ann" },
    now: () => at,
    enqueue: async () => {},
    notify: async (change) => {
      changes.push(change);
    },
    record: (row) => {
      rows.push(row);
    },
  };
  return { ctx, rows, changes };
}

describe("appendEvent", () => {
  it("records the event with its actor and time, and tells clients the issue changed", async () => {
    const { ctx, rows, changes } = recordingContext();
    await appendEvent(ctx, issue, "merged", { into: 7 });
    expect(rows).toEqual([
      {
        workspaceId: "ws-1",
        issueId: issue.id,
        type: "merged",
        data: { into: 7 },
        actorType: "user",
        actorId: "u-1",
        createdAt: at,
      },
    ]);
    expect(changes).toEqual([{ kind: "issue", id: issue.id, issueNumber: 42, action: "merged" }]);
  });

  it("accepts only the data of the event's own type", async () => {
    const { ctx, rows } = recordingContext();
    // @ts-expect-error `to` is an issue state, and "open" is not one
    await appendEvent(ctx, issue, "state", { from: "new", to: "open" });
    // @ts-expect-error a merged event names the issue it went `into`, not `intoNumber`
    await appendEvent(ctx, issue, "merged", { intoNumber: 7 });
    // @ts-expect-error there is no "delivery" event
    await appendEvent(ctx, issue, "delivery", {});
    expect(rows.map((r) => r.type)).toEqual(["state", "merged", "delivery"]);
  });
});
