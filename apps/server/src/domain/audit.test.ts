import { describe, expect, it } from "vitest";
import { auditDiff, REDACTED, redact } from "./audit";

describe("audit values", () => {
  it("redacts secrets at any depth, and keeps everything else", () => {
    expect(
      redact({
        host: "smtp",
        smtpPasswordSealed: "x",
        nested: { apiKey: "k", webhookSecret: "s", name: "n" },
        list: [{ token: "t" }],
      }),
    ).toEqual({
      host: "smtp",
      smtpPasswordSealed: REDACTED,
      nested: { apiKey: REDACTED, webhookSecret: REDACTED, name: "n" },
      list: [{ token: REDACTED }],
    });
  });

  it("keeps only what changed, and says a secret changed without saying what it was", () => {
    expect(auditDiff({ host: "a", port: 25, password: "old" }, { host: "b", port: 25, password: "new" })).toEqual({
      before: { host: "a", password: REDACTED },
      after: { host: "b", password: REDACTED },
    });
    expect(auditDiff(null, { name: "CI" })).toEqual({ before: null, after: { name: "CI" } });
  });
});
