import { createPublicKey, createSign, createVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dkimAligned, dkimRecord, generateDkimKey } from "./dkim";

describe("DKIM keys", () => {
  const key = generateDkimKey();

  it("publishes the public half of the key it signs with", () => {
    const record = dkimRecord("acme.test", "switchboard", key.publicKey);
    expect(record.name).toBe("switchboard._domainkey.acme.test");
    const p = /p=([A-Za-z0-9+/=]+)$/.exec(record.value)?.[1] ?? "";
    const published = createPublicKey({ key: Buffer.from(p, "base64"), format: "der", type: "spki" });
    const signature = createSign("sha256").update("mail").sign(key.privateKey);
    expect(createVerify("sha256").update("mail").verify(published, signature)).toBe(true);
  });

  it("splits the zone-file value into strings DNS accepts (≤ 255 characters)", () => {
    const record = dkimRecord("acme.test", "sb", key.publicKey);
    const strings = [...record.zoneLine.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? "");
    expect(strings.join("")).toBe(record.value);
    for (const s of strings) expect(s.length).toBeLessThanOrEqual(255);
  });

  it("signs only for the key's domain and its subdomains", () => {
    expect(dkimAligned("support@acme.test", "acme.test")).toBe(true);
    expect(dkimAligned("support@help.acme.test", "acme.test")).toBe(true);
    expect(dkimAligned("support@notacme.test", "acme.test")).toBe(false);
    expect(dkimAligned("support@other.test", "acme.test")).toBe(false);
  });
});
