// Triggers on a customer's message (with the channel's source facts) and time-based
// "no reply for N hours" triggers, on issues that arrive through a channel.
import { describe, expect, it } from "vitest";
import { ingestInbound } from "../../src/commands/inbound";
import { unique, useTestApp } from "../harness";
import { routingWorkspace, SLOW, settle } from "./fixture";

const app = useTestApp();

type Workspace = Awaited<ReturnType<typeof routingWorkspace>>;

/** A customer's email to one of our inboxes, as the email adapter would hand it over. */
async function customerEmail(w: Workspace, text: string, sentAt = new Date()) {
  const id = unique("msg");
  const result = await w.ws.run((ctx) =>
    ingestInbound(ctx, {
      workspaceId: w.ws.workspaceId,
      channel: "email",
      threadKey: `<${id}@customer.test>`,
      externalId: `<${id}@customer.test>`,
      author: { email: `${id}@customer.test`, name: "Pat Customer" },
      subject: "Help",
      text,
      sentAt,
      source: { inbox: "billing@switchboard.test" },
    }),
  );
  await settle(app());
  return result.issue.number;
}

describe("message and time triggers", SLOW, () => {
  it("tags a refund request that arrives in the billing inbox and leaves an internal note", async () => {
    const w = await routingWorkspace(app());
    const trigger = await w.as.post("/triggers", {
      name: "Refunds from the billing inbox",
      event: "message_received",
      conditions: {
        all: [
          { field: "issue.source.inbox", op: "contains", value: "billing@" },
          { field: "message.text", op: "matches", value: "refund|chargeback" },
        ],
      },
      actions: [
        { type: "add_tags", tags: ["refund"] },
        { type: "internal_note", body: "Refund request: check the payment provider first." },
      ],
    });
    expect(trigger.statusCode).toBe(201);

    const n = await customerEmail(w, "Please refund last month, we cancelled in time.");
    expect((await w.issue(n)).tags).toContain("refund");
    const notes = (await w.as.get(`/issues/${n}/messages`))
      .json()
      .items.filter((m: { visibility: string }) => m.visibility === "internal");
    expect(notes.map((m: { bodyText: string }) => m.bodyText)).toEqual([
      "Refund request: check the payment provider first.",
    ]);
    const other = await customerEmail(w, "How do I add a teammate?");
    expect((await w.issue(other)).tags).not.toContain("refund");
  });

  it("fires a no-reply trigger once the customer has waited long enough, once per wait", async () => {
    const w = await routingWorkspace(app());
    const created = await w.as.post("/triggers", {
      name: "Waiting over 2 hours",
      event: "no_reply",
      noReplyHours: 2,
      actions: [{ type: "add_tags", tags: ["waiting"] }],
    });
    expect(created.statusCode).toBe(201);
    // A week back always spans 40 business hours, whatever the time of day the test runs.
    const waiting = await customerEmail(w, "Is anyone there?", new Date(Date.now() - 7 * 86_400_000));
    const fresh = await customerEmail(w, "Quick question about views");

    // The scheduled sweep, run twice.
    for (let i = 0; i < 2; i++) {
      await app().services.jobs.enqueue("routing.no_reply", { workspaceId: w.ws.workspaceId });
      await settle(app());
    }
    expect((await w.issue(waiting)).tags).toContain("waiting");
    expect((await w.issue(fresh)).tags).not.toContain("waiting");
    const runs = (await w.events(waiting)).filter((e) => e.type === "trigger" && e.data.event === "no_reply");
    expect(runs).toHaveLength(1);
  });
});
