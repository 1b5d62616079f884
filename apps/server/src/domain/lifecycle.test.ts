// The lifecycle's pure rules: where a message moves an issue, and which activity times it stamps.
import { describe, expect, it } from "vitest";
import { messageActivity, nextState } from "./lifecycle";

const at = new Date("2026-11-20T09:00:00Z");

describe("issue lifecycle", () => {
  it("keeps a new issue new on a customer message, and reopens a closed one", () => {
    expect(nextState("new", { kind: "customer_message" })).toEqual({ ok: true, state: "new", reopened: false });
    expect(nextState("closed", { kind: "customer_message" })).toEqual({ ok: true, state: "on_you", reopened: true });
    expect(nextState("on_you", { kind: "agent_public_reply" })).toMatchObject({ state: "on_customer" });
    expect(nextState("on_you", { kind: "internal_note" })).toMatchObject({ state: "on_you" });
  });

  it("stamps the latest message, the latest customer message and only the first response", () => {
    expect(messageActivity({ firstResponseAt: null }, { kind: "customer_message" }, at)).toEqual({
      lastMessageAt: at,
      lastCustomerMessageAt: at,
    });
    expect(messageActivity({ firstResponseAt: null }, { kind: "agent_public_reply" }, at)).toEqual({
      lastMessageAt: at,
      firstResponseAt: at,
    });
    const answered = { firstResponseAt: new Date("2026-11-19T09:00:00Z") };
    expect(messageActivity(answered, { kind: "agent_public_reply" }, at)).toEqual({ lastMessageAt: at });
    expect(messageActivity(answered, { kind: "internal_note" }, at)).toEqual({ lastMessageAt: at });
  });
});
