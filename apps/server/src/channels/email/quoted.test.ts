import { describe, expect, it } from "vitest";
import { markQuotedHtml, splitQuotedText, textToHtml } from "./quoted";

describe("splitQuotedText", () => {
  it("separates a Gmail-style quote header and the quoted lines", () => {
    const split = splitQuotedText(
      "Thanks, that works.\n\nOn Tue, 3 Mar 2026 at 10:00, Support <s@x.test> wrote:\n> Try now.\n",
    );
    expect(split).toEqual({
      body: "Thanks, that works.",
      signature: "",
      quoted: expect.stringContaining("> Try now."),
    });
  });

  it("handles a quote header wrapped over two lines", () => {
    const split = splitQuotedText(
      "Yes.\n\nOn Tue, 3 Mar 2026 at 10:00, Support Team <\nsupport@x.test> wrote:\n> Question?",
    );
    expect(split.body).toBe("Yes.");
  });

  it("separates an Outlook header block, but not a body line starting with From:", () => {
    const outlook = splitQuotedText(
      "Done.\n\n________________________________\nFrom: Support\nSent: Monday\nTo: Ann\n\nOld text",
    );
    expect(outlook.body).toBe("Done.");
    const plain = splitQuotedText("From: the logs I see an error.\nIt fails at step 3.");
    expect(plain.body).toContain("It fails at step 3.");
    expect(plain.quoted).toBe("");
  });

  it("separates the signature after the -- delimiter", () => {
    const split = splitQuotedText("Please call me.\n\n-- \nAnn Lee\nACME Corp\n+1 555 0100");
    expect(split).toMatchObject({ body: "Please call me.", signature: expect.stringContaining("ACME Corp") });
  });

  it("keeps the whole text when the message is nothing but a quote", () => {
    expect(splitQuotedText("> only quoted\n> lines").body).toBe("> only quoted\n> lines");
  });
});

describe("quoted HTML", () => {
  it("marks Gmail quotes, cite blockquotes and signatures", () => {
    const html = markQuotedHtml(
      '<p>New</p><div class="gmail_signature">Ann</div><div class="gmail_quote">On … wrote:<blockquote type="cite">Old</blockquote></div>',
    );
    expect(html).toContain('class="gmail_signature sb-signature"');
    expect(html).toContain('class="gmail_quote sb-quoted"');
    expect(html).toMatch(/<blockquote type="cite" class="sb-quoted">/);
  });

  it("renders plain text as escaped HTML with the marked parts", () => {
    const html = textToHtml({ body: "a < b & c", signature: "Ann", quoted: "> old" });
    expect(html).toContain("a &#60; b &#38; c");
    expect(html).toContain('<div class="sb-signature">');
    expect(html).toContain('<blockquote class="sb-quoted">');
  });
});
