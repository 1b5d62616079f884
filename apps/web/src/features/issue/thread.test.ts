// What the thread lists under a message: inline images the body shows are not listed twice.
import { describe, expect, it } from "vitest";
import { listedAttachments } from "./Thread";

const file = (id: string, filename: string) => ({ id, filename, contentType: "image/png", size: 10 });

describe("message attachments", () => {
  it("lists only the attachments the body does not already show", () => {
    const logo = file("1b7c", "logo.png");
    const report = file("9f00", "report.pdf");
    const bodyHtml = `<p>See the logo:</p><img src="/api/v1/attachments/${logo.id}" alt="logo">`;
    expect(listedAttachments({ attachments: [logo, report], bodyHtml })).toEqual([report]);
  });

  it("lists every attachment of a plain-text message, and nothing when there are none", () => {
    const report = file("9f00", "report.pdf");
    expect(listedAttachments({ attachments: [report], bodyHtml: null })).toEqual([report]);
    expect(listedAttachments({ attachments: [], bodyHtml: "<p>hi</p>" })).toEqual([]);
  });
});
