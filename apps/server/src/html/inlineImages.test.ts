import { describe, expect, it } from "vitest";
import { linkInlineImages } from "./inlineImages";

const logo = { id: "a1", filename: "logo.png", contentType: "image/png", size: 10, contentId: "Logo@Acme" };
const pdf = { id: "a2", filename: "invoice.pdf", contentType: "application/pdf", size: 10 };

describe("linkInlineImages", () => {
  it("points a cid: image at the stored attachment, whatever the quoting and case", () => {
    expect(linkInlineImages('<p>Hi <img src="cid:logo@acme" alt="logo"></p>', [logo, pdf])).toBe(
      '<p>Hi <img src="/api/v1/attachments/a1" alt="logo"></p>',
    );
    expect(linkInlineImages("<img width=10 src=cid:Logo@Acme>", [logo])).toBe(
      '<img width=10 src="/api/v1/attachments/a1">',
    );
    expect(linkInlineImages("<IMG SRC='cid:Logo%40Acme'>", [logo])).toBe('<IMG SRC="/api/v1/attachments/a1">');
  });

  it("empties a cid: nobody can resolve and leaves other images and text alone", () => {
    expect(linkInlineImages('<img src="cid:missing"> cid:logo@acme', [logo])).toBe('<img src=""> cid:logo@acme');
    expect(linkInlineImages('<img src="data:image/png;base64,AAA">', [logo])).toBe(
      '<img src="data:image/png;base64,AAA">',
    );
  });
});
