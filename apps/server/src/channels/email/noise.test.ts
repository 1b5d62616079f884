import { describe, expect, it } from "vitest";
import { classifyNoise, type NoiseFacts } from "./noise";

function facts(overrides: Partial<NoiseFacts> & { headers?: Record<string, string> } = {}): NoiseFacts {
  const { headers = {}, ...rest } = overrides;
  return {
    header: (name) => headers[name],
    contentType: "text/plain",
    subject: "Export is broken",
    fromAddress: "ann@customer.test",
    envelopeFrom: "ann@customer.test",
    isOwnAddress: () => false,
    ...rest,
  };
}

describe("classifyNoise", () => {
  it("lets a normal customer mail through", () => {
    expect(classifyNoise(facts())).toBeUndefined();
    expect(classifyNoise(facts({ headers: { "auto-submitted": "no" } }))).toBeUndefined();
    expect(classifyNoise(facts({ subject: "Vacation policy question" }))).toBeUndefined();
  });

  it.each([
    [{ headers: { "auto-submitted": "auto-replied" } }, "auto_reply"],
    [{ headers: { "auto-submitted": "auto-generated" } }, "auto_reply"],
    [{ headers: { "x-autoreply": "yes" } }, "auto_reply"],
    [{ headers: { "x-autorespond": "1" } }, "auto_reply"],
    [{ subject: "Out of Office: back Monday" }, "auto_reply"],
    [{ subject: "Automatic reply: Export is broken" }, "auto_reply"],
    [{ subject: "Réponse automatique : absent" }, "auto_reply"],
    [{ headers: { precedence: "bulk" } }, "bulk"],
    [{ headers: { precedence: "junk" } }, "bulk"],
    [{ headers: { precedence: "list" } }, "bulk"],
    [{ contentType: "multipart/report" }, "bounce"],
    [{ fromAddress: "mailer-daemon@mx.test" }, "bounce"],
    [{ fromAddress: "postmaster@mx.test" }, "bounce"],
    [{ headers: { "x-failed-recipients": "gone@x.test" } }, "bounce"],
    [{ envelopeFrom: "" }, "bounce"],
    [{ isOwnAddress: () => true }, "own_address"],
  ] as [Partial<NoiseFacts> & { headers?: Record<string, string> }, string][])("flags %o as %s", (input, kind) => {
    expect(classifyNoise(facts(input))?.kind).toBe(kind);
  });

  it("does not treat an unknown envelope sender (HTTP intake) as a bounce", () => {
    expect(classifyNoise(facts({ envelopeFrom: undefined }))).toBeUndefined();
  });
});
