import type { Issue } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { openIssue } from "../../src/commands/issues";
import { replyToIssue } from "../../src/commands/messages";
import { api, buildWorkspace, useTestApp } from "../harness";

const app = useTestApp();

describe("issue search (?q=)", () => {
  it("ranks title matches first, then issues whose messages match, each newest first, with highlights", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    // Created oldest first: a title match, two message-only matches, a newer title match, a miss.
    const numbers = await ws.run(async (ctx) => {
      const made: Record<string, number> = {};
      const open = async (key: string, title: string, body?: string) => {
        const issue = await openIssue(ctx, { title });
        if (body) await replyToIssue(ctx, issue.number, { visibility: "public", bodyText: body });
        made[key] = issue.number;
      };
      await open("oldTitle", "Invoice export fails");
      await open("oldBody", "Cannot download", "The invoice PDF is blank for every customer since Monday.");
      await open("newBody", "Question about totals", "Why does the invoice total differ from the order?");
      await open("newTitle", "Duplicate invoice sent");
      await open("miss", "Login loop", "Nothing about billing here.");
      return made;
    });
    const page = (await as.get("/issues?q=invoice&limit=10")).json() as { items: Issue[]; nextCursor: string | null };
    expect(page.items.map((i) => i.number)).toEqual([
      numbers.newTitle,
      numbers.oldTitle,
      numbers.newBody,
      numbers.oldBody,
    ]);
    expect(page.nextCursor).toBeNull();
    const [first, , third] = page.items;
    expect(first?.highlight?.titleMatch).toBe(true);
    expect(first?.highlight?.title).toEqual([
      { text: "Duplicate ", match: false },
      { text: "invoice", match: true },
      { text: " sent", match: false },
    ]);
    expect(third?.highlight?.titleMatch).toBe(false);
    expect(third?.highlight?.title).toEqual([{ text: "Question about totals", match: false }]);
    expect(third?.highlight?.snippet?.filter((p) => p.match).map((p) => p.text)).toEqual(["invoice"]);
    expect(third?.highlight?.snippet?.map((p) => p.text).join("")).toContain("total differ from the order");

    // Paged two at a time, the same order, across the step from titles to messages.
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url = `/issues?q=invoice&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const next = (await as.get(url)).json() as { items: Issue[]; nextCursor: string | null };
      seen.push(...next.items.map((i) => i.number));
      cursor = next.nextCursor;
    } while (cursor);
    expect(seen).toEqual(page.items.map((i) => i.number));
    // An unfiltered list has no highlights; a tampered search cursor is refused.
    expect(((await as.get("/issues?limit=5")).json() as { items: Issue[] }).items[0]?.highlight).toBeUndefined();
    expect((await as.get("/issues?q=invoice&cursor=bm9wZQ")).statusCode).toBe(400);
  });
});
