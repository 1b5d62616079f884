import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "./accounts";
import { planConversations } from "./conversations";
import { threadOf } from "./replay";
import type { DemoDirectory } from "./setup";

// Only the accounts are read while naming messages; ids are placeholders.
const directory: DemoDirectory = {
  people: new Map(),
  teams: new Map(),
  accounts: new Map(DEMO_ACCOUNTS.map((a) => [a.slug, { id: `account-${a.slug}`, contactIds: new Map() }])),
};

/** Every channel id the replay gives a message of the plan, as "channel external-id". */
function messageKeys(now: Date): string[] {
  return planConversations(now).flatMap((script, index) => {
    const thread = threadOf(script, index, directory, "workspace", "demo.switchboard.test");
    return script.steps.flatMap((step) => {
      if (step.kind === "customer") return [`${script.channel} ${thread.inbound(step).externalId}`];
      if (step.kind === "reply") return [`${script.channel} ${thread.replyId(step)}`];
      return [];
    });
  });
}

describe("the demo replay's message ids", () => {
  it("are unique per channel, also when two conversations of one account have steps at the same instant", () => {
    // At this "now", conversations 275 and 284 (one account's Slack channel) each have a step
    // at the same millisecond; their messages shared a Slack ts and the seed failed.
    for (const now of ["2026-11-30T05:15:17.123Z", "2026-11-30T12:00:00.000Z"]) {
      const keys = messageKeys(new Date(now));
      expect(keys.length).toBeGreaterThan(600);
      expect(new Set(keys).size, now).toBe(keys.length);
    }
  });
});
