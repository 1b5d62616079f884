import { describe, expect, it } from "vitest";
import { afterAttempt, retryDelaySeconds, signWebhook, verifyWebhook } from "./webhooks";

describe("webhook signatures", () => {
  const body = '{"type":"created"}';
  it("verifies what it signed, within the replay window only", () => {
    const signature = signWebhook("whsec_1", 1_800_000_000, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    const headers = { signature, timestamp: "1800000000" };
    expect(verifyWebhook("whsec_1", headers, body, 1_800_000_100)).toBe(true);
    expect(verifyWebhook("whsec_1", headers, `${body} `, 1_800_000_100)).toBe(false);
    expect(verifyWebhook("whsec_2", headers, body, 1_800_000_100)).toBe(false);
    expect(verifyWebhook("whsec_1", headers, body, 1_800_000_301)).toBe(false);
  });
});

describe("webhook retries", () => {
  it("backs off exponentially, capped at an hour", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n, 30))).toEqual([30, 60, 120, 240, 480]);
    expect(retryDelaySeconds(40, 30)).toBe(3600);
  });

  it("retries a failure until the last attempt, then gives the delivery up", () => {
    const limits = { maxAttempts: 3, retryBaseSeconds: 10 };
    const failed = { ok: false as const, status: 500, error: "500" };
    expect(afterAttempt(1, failed, limits)).toEqual({ status: "pending", retryInSeconds: 10 });
    expect(afterAttempt(2, failed, limits)).toEqual({ status: "pending", retryInSeconds: 20 });
    expect(afterAttempt(3, failed, limits)).toEqual({ status: "failed" });
    expect(afterAttempt(3, { ok: true, status: 204 }, limits)).toEqual({ status: "delivered" });
  });
});
