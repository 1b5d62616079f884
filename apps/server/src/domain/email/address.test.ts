import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  messageIdList,
  normaliseAddress,
  normaliseMessageId,
  parseToken,
  replyToken,
  splitPlus,
  subjectToken,
  withSubjectToken,
} from "./address";

describe("email addresses", () => {
  it("normalises display forms and rejects non-addresses", () => {
    expect(normaliseAddress("Ann Lee <Ann.Lee@Example.COM>")).toBe("ann.lee@example.com");
    expect(normaliseAddress(" bob@x.test ")).toBe("bob@x.test");
    expect(normaliseAddress("undisclosed-recipients:;")).toBeUndefined();
    expect(normaliseAddress('"Broken <no-at-sign')).toBeUndefined();
  });

  it("splits a plus tag off the local part", () => {
    expect(splitPlus("support+42-ab12cd34@acme.test")).toEqual({ base: "support@acme.test", tag: "42-ab12cd34" });
    expect(splitPlus("support@acme.test")).toEqual({ base: "support@acme.test" });
  });
});

describe("reply tokens", () => {
  const issue = { id: "7f9c1a52-3c1e-4d0b-9a51-0d8c1f0b9e11", number: 42 };

  it("round-trips through a plus address and a subject", () => {
    const token = replyToken(issue);
    expect(token).toMatch(/^42-[0-9a-f]{8}$/);
    expect(parseToken(splitPlus(`support+${token}@acme.test`).tag)).toEqual({ number: 42, token });
    const subject = withSubjectToken("Re: Export broken", token);
    expect(subjectToken(subject)).toEqual({ number: 42, token });
    expect(withSubjectToken(subject, token)).toBe(subject);
  });

  it("differs between issues with the same number in different workspaces", () => {
    expect(replyToken(issue)).not.toBe(replyToken({ ...issue, id: "00000000-0000-4000-8000-000000000000" }));
  });

  it("ignores bare numbers and text that only looks like a token", () => {
    expect(subjectToken("Re: issue #42")).toBeUndefined();
    expect(subjectToken("Re: 42-ab12cd34 without brackets")).toBeUndefined();
    expect(parseToken("42")).toBeUndefined();
  });

  it("never throws on arbitrary subjects", () => {
    fc.assert(
      fc.property(fc.string(), (s) => subjectToken(s) === undefined || typeof subjectToken(s)?.number === "number"),
    );
  });
});

describe("Message-IDs", () => {
  it("strips brackets and rejects ids with spaces", () => {
    expect(normaliseMessageId("<abc@x.test>")).toBe("abc@x.test");
    expect(normaliseMessageId("not a valid id")).toBeUndefined();
    expect(normaliseMessageId("")).toBeUndefined();
  });

  it("reads References in order, whatever the separators", () => {
    expect(messageIdList("<a@x> <b@x>\r\n\t<c@x>")).toEqual(["a@x", "b@x", "c@x"]);
    expect(messageIdList(["<a@x>", "<b@x>"])).toEqual(["a@x", "b@x"]);
    expect(messageIdList("a@x, b@x")).toEqual(["a@x", "b@x"]);
    expect(messageIdList(undefined)).toEqual([]);
  });
});
