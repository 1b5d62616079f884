// Ask AI in the browser: from the sidebar to the page, an example question about Acme is
// answered with the filters read from it and only Acme's issues cited, each linking to the issue.
// Screenshot in e2e/screenshots/ask-answer.png.
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
});
