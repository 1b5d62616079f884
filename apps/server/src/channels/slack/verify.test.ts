import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signSlackRequest, verifySlackSignature } from "./verify";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const now = 1_700_000_000_000;
const ts = String(now / 1000);

describe("Slack request signatures", () => {
  it("matches Slack's documented example", () => {
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(signSlackRequest(secret, 1531420618, body)).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });

  it("accepts its own signature inside the window and rejects any change", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -299, max: 299 }), (body, skew) => {
        const stamp = String(now / 1000 + skew);
        const signature = signSlackRequest(secret, stamp, body);
        expect(verifySlackSignature(secret, { rawBody: body, timestamp: stamp, signature }, now).ok).toBe(true);
        expect(verifySlackSignature(secret, { rawBody: `${body}x`, timestamp: stamp, signature }, now)).toEqual({
          ok: false,
          reason: "mismatch",
        });
      }),
    );
  });

  it("rejects stale or missing timestamps before looking at the signature", () => {
    const signature = signSlackRequest(secret, ts, "{}");
    const stale = String(now / 1000 - 301);
    expect(verifySlackSignature(secret, { rawBody: "{}", timestamp: stale, signature }, now)).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifySlackSignature(secret, { rawBody: "{}", timestamp: undefined, signature }, now).ok).toBe(false);
    expect(verifySlackSignature("other", { rawBody: "{}", timestamp: ts, signature }, now).ok).toBe(false);
  });
});
