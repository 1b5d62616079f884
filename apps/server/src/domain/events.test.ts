// The event log's vocabulary: every event type of the union is listed once, and the kinds it
// shares with the database (AI decisions, channels) cannot drift apart unnoticed.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { AI_DECISION_KINDS } from "../db/schema/routing";
import type { CHANNEL_KINDS, ChannelKind } from "./channel";
import {
  type AiDecisionKind,
  ISSUE_EVENT_TYPES,
  type IssueEventDataOf,
  type IssueEventType,
  isIssueEventType,
} from "./events";

describe("issue event types", () => {
  it("lists every event type of the union exactly once", () => {
    expectTypeOf<(typeof ISSUE_EVENT_TYPES)[number]>().toEqualTypeOf<IssueEventType>();
    expect(new Set(ISSUE_EVENT_TYPES).size).toBe(ISSUE_EVENT_TYPES.length);
  });

  it("tells a logged type from a stranger", () => {
    expect(isIssueEventType("merged_from")).toBe(true);
    expect(isIssueEventType("delivery")).toBe(false);
  });

  it("names AI decisions and channels as the database stores them", () => {
    expectTypeOf<(typeof AI_DECISION_KINDS)[number]>().toEqualTypeOf<AiDecisionKind>();
    expectTypeOf<(typeof CHANNEL_KINDS)[number]>().toEqualTypeOf<ChannelKind>();
  });

  it("gives each type its own data", () => {
    expectTypeOf<IssueEventDataOf<"merged">>().toEqualTypeOf<{ into: number }>();
    expectTypeOf<IssueEventDataOf<"state">["to"]>().toEqualTypeOf<
      "new" | "on_you" | "on_customer" | "on_hold" | "closed"
    >();
    expectTypeOf<IssueEventDataOf<"reopened">>().toEqualTypeOf<Record<string, never>>();
  });
});
