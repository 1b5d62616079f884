import { describe, expect, it } from "vitest";
import { deriveKey, refusingBox, secretBox } from "./secrets";

describe("secrets at rest", () => {
  const box = secretBox(deriveKey("a long enough secret key"));

  it("opens what it sealed, and never seals the same text the same way twice", () => {
    const a = box.seal("smtp password ü");
    const b = box.seal("smtp password ü");
    expect(a).not.toBe(b);
    expect(a).not.toContain("password");
    expect(box.open(a)).toBe("smtp password ü");
  });

  it("says a value was sealed under another key rather than calling it corrupt", () => {
    const other = secretBox(deriveKey("another secret key entirely"));
    expect(() => other.open(box.seal("x"))).toThrow(/another SECRET_KEY/);
  });

  it("refuses a tampered value", () => {
    const sealed = box.seal("hello");
    const [v, id, data = ""] = sealed.split(":");
    const bytes = Buffer.from(data, "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => box.open([v, id, bytes.toString("base64")].join(":"))).toThrow();
  });

  it("a refusing box gives its reason", () => {
    expect(() => refusingBox("Set SECRET_KEY").seal("x")).toThrow("Set SECRET_KEY");
  });
});
