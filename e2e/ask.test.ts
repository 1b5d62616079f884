// Ask AI in the browser: from the sidebar to the page, an example question about Acme is
// answered with the filters read from it and only Acme's issues cited, each linking to the issue;
// and from the command palette (Ctrl+K once the app says the shortcut is registered), a question
// with a misspelled account name is read as that account. Screenshots in e2e/screenshots/ask-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser";
import { type DeskSession, openDesk } from "./desk";

let session: DeskSession | undefined;
const desk = () => {
  if (!session) throw new Error("desk not open");
  return session;
};

beforeAll(async () => {
  session = await openDesk("ask");
});

afterAll(async () => {
  await session?.close();
});

describe("Ask AI in the browser", () => {
  it("answers a question about an account with its filters and that account's issues only", async () => {
    const { page, baseUrl } = desk();
    await page.goto(`${baseUrl}/my-issues`);
    await page.getByRole("link", { name: "Ask AI" }).click();
    await page.getByRole("heading", { name: "Ask AI" }).waitFor();

    await page.getByRole("button", { name: "Summarize recent issues with Acme Corp" }).click();
    const answer = page.getByRole("region", { name: "Answer" });
    await answer.getByRole("heading", { name: "Cited issues" }).waitFor();
    await expect(answer.getByRole("list", { name: "Filters used" }).textContent()).resolves.toContain("Acme Corp");
    const cited = answer.getByRole("list", { name: "Cited issues" }).getByRole("listitem");
    expect(await cited.count()).toBeGreaterThan(0);
    for (const text of await cited.allTextContents()) expect(text).toContain("Acme Corp");
    await screenshot(page, "ask-answer");
  });

  it("opens from the command palette and reads a misspelled account name as the closest one", async () => {
    const { page, baseUrl } = desk();
    await page.goto(`${baseUrl}/my-issues`);
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    // The palette registers Ctrl+K after the app shell mounts; pressing before that is lost.
    await page.locator("html[data-palette='ready']").waitFor({ state: "attached" });
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Command palette" });
    await palette.waitFor();
    await page.keyboard.type("Ask AI");
    await palette.getByRole("option", { name: "Ask AI", exact: true }).click();
    await page.getByRole("heading", { name: "Ask AI", exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/ask");

    await page.getByRole("textbox", { name: "Question" }).fill("Summarize recent issues with Acme Crop");
    await page.keyboard.press("Enter");
    const answer = page.getByRole("region", { name: "Answer" });
    const filters = answer.getByRole("list", { name: "Filters used" });
    await expect.poll(() => filters.textContent()).toContain("closest name to “acme crop”");
    await expect(filters.textContent()).resolves.toContain("Acme Corp");
    const cited = answer.getByRole("list", { name: "Cited issues" }).getByRole("listitem");
    expect(await cited.count()).toBeGreaterThan(0);
    for (const text of await cited.allTextContents()) expect(text).toContain("Acme Corp");
    await screenshot(page, "ask-palette-typo");
  });
});
