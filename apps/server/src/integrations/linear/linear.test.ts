import { describe, expect, it } from "vitest";
import { linearIssueKey } from "./identifier";
import { isFresh, signLinearBody, verifyLinearSignature } from "./verify";

describe("linearIssueKey", () => {
  it("reads a key or a Linear URL", () => {
    expect(linearIssueKey("ENG-123")).toBe("ENG-123");
    expect(linearIssueKey(" eng-7 ")).toBe("ENG-7");
    expect(linearIssueKey("https://linear.app/acme/issue/ENG-123/csv-export-drops-a-row")).toBe("ENG-123");
    expect(linearIssueKey("https://linear.app/acme/issue/DES-9")).toBe("DES-9");
  });
  it("finds nothing in other text", () => {
    expect(linearIssueKey("please fix")).toBeUndefined();
    expect(linearIssueKey("ENG123")).toBeUndefined();
    expect(linearIssueKey("https://example.com/x-")).toBeUndefined();
  });
});

describe("verifyLinearSignature", () => {
  const body = JSON.stringify({ action: "update", type: "Issue" });
  it("accepts the HMAC of the body with the secret, and nothing else", () => {
    const signature = signLinearBody(body, "s3cret-value");
    expect(verifyLinearSignature(body, signature, "s3cret-value")).toBe(true);
    expect(verifyLinearSignature(body, signature, "other-secret")).toBe(false);
    expect(verifyLinearSignature(`${body} `, signature, "s3cret-value")).toBe(false);
    expect(verifyLinearSignature(body, undefined, "s3cret-value")).toBe(false);
    expect(verifyLinearSignature(body, "abc", "s3cret-value")).toBe(false);
  });
  it("refuses timestamps outside the replay window", () => {
    expect(isFresh(1_000_000, 1_030_000)).toBe(true);
    expect(isFresh(1_000_000, 1_100_000)).toBe(false);
    expect(isFresh("1000000", 1_000_000)).toBe(false);
  });
});
