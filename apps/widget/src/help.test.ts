import { describe, expect, it } from "vitest";
import { passageParts } from "./help";

describe("passageParts", () => {
  it("splits the server's passage into marked and plain text, decoding its escapes", () => {
    expect(passageParts("Open &lt;b&gt; a <mark>report</mark> &amp; <mark>export</mark> it")).toEqual([
      { text: "Open <b> a ", marked: false },
      { text: "report", marked: true },
      { text: " & ", marked: false },
      { text: "export", marked: true },
      { text: " it", marked: false },
    ]);
  });

  it("decodes once: an escaped escape stays literal text", () => {
    expect(passageParts("&amp;lt;mark&amp;gt; &quot;x&quot;")).toEqual([{ text: '&lt;mark&gt; "x"', marked: false }]);
  });

  it("gives an empty passage no parts", () => {
    expect(passageParts("")).toEqual([]);
  });
});
