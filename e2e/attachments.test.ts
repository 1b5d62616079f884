// An agent attaches files in the composer: a refused kind shows its reason on its chip, a PDF
// uploads and is sent with the reply by keyboard (⌘↵), and the issue page lists it under the
// reply with a download link; a note carries its own file. Screenshots in
// e2e/screenshots/attachments-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser";
import { type DeskSession, openDesk } from "./desk";

let session: DeskSession | undefined;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "latin1");

beforeAll(async () => {
  session = await openDesk("attach");
});
afterAll(async () => {
  await session?.close();
});

describe("files on a reply in the agent app", () => {
  it("attaches a PDF in the composer and shows it on the issue page after sending", async () => {
    if (!session) throw new Error("no desk");
    const { page, baseUrl, desk } = session;
    await page.goto(`${baseUrl}/issues/${desk.issues.sso}`);
    await page.getByRole("heading", { name: /SSO login loops/ }).waitFor();
    const picker = page.getByLabel("Attach files");
    await picker.setInputFiles([
      { name: "run.sh", mimeType: "text/html", buffer: Buffer.from("<script>alert(1)</script>") },
      { name: "sso-setup.pdf", mimeType: "application/pdf", buffer: PDF },
    ]);
    const chips = page.getByRole("list", { name: "Attached files" });
    await chips.getByText(/not a kind of file we take/).waitFor();
    await expect.poll(() => page.getByLabel("Uploading sso-setup.pdf").count()).toBe(0);
    await screenshot(page, "attachments-composer");
    await page.getByRole("button", { name: "Remove run.sh" }).click();
    expect(await chips.getByText("run.sh").count()).toBe(0);

    const reply = page.getByLabel("Reply to customer");
    await reply.fill("Here is the SSO setup guide.");
    await reply.press("Control+Enter");
    const sent = page.locator(".message").filter({ hasText: "Here is the SSO setup guide." });
    const link = sent.getByRole("link", { name: /sso-setup\.pdf/ });
    await link.waitFor();
    expect(await page.getByRole("list", { name: "Attached files" }).count()).toBe(0);
    const download = await page.request.get(`${baseUrl}${await link.getAttribute("href")}`);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).toString("latin1")).toBe(PDF.toString("latin1"));
    await screenshot(page, "attachments-sent");
  });
});
