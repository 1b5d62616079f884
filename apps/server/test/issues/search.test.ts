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

  // Over 2,000 matches a word is "common": its page is looked for among the newest issues, and
  // when they hold too few, among all matches sorted (queries/issues.ts, searchIssues).
  it("pages a common word the same whether its matches are among the newest issues or not", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const db = app().database;
    // 2,100 old issues whose only message says "toner", then 2,100 newer "Printer jam" issues
    // whose message says "feed": number 1000 + g, g minutes old (1100 + g for the old ones, a year).
    await db.query(
      `INSERT INTO issue (workspace_id, number, title, created_at)
       SELECT $1::uuid, 1000 + g, 'Printer jam ' || g, now() - g * interval '1 minute' FROM generate_series(1, 2100) g
       UNION ALL
       SELECT $1::uuid, 4000 + g, 'Quiet one ' || g, now() - interval '1 year' - g * interval '1 minute'
       FROM generate_series(1, 2100) g`,
      [ws.workspaceId],
    );
    await db.query(
      `INSERT INTO message (workspace_id, issue_id, author_type, body_text, created_at)
       SELECT workspace_id, id, 'contact', CASE WHEN number > 4000 THEN 'the toner is low' ELSE 'paper feed' END, created_at
       FROM issue WHERE workspace_id = $1`,
      [ws.workspaceId],
    );
    const pages = async (q: string, limit: number, count: number) => {
      const seen: Issue[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < count; i++) {
        const url = `/issues?q=${q}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const next = (await as.get(url)).json() as { items: Issue[]; nextCursor: string | null };
        seen.push(...next.items);
        cursor = next.nextCursor;
      }
      return seen;
    };
    // Titles, dense among the newest; messages, dense among the newest; messages, only old issues.
    const printer = await pages("printer", 3, 2);
    expect(printer.map((i) => i.number)).toEqual([1001, 1002, 1003, 1004, 1005, 1006]);
    expect(printer[0]?.highlight?.titleMatch).toBe(true);
    const feed = await pages("feed", 3, 2);
    expect(feed.map((i) => i.number)).toEqual([1001, 1002, 1003, 1004, 1005, 1006]);
    expect(feed[0]?.highlight?.titleMatch).toBe(false);
    expect(feed[0]?.highlight?.snippet?.filter((p) => p.match).map((p) => p.text)).toEqual(["feed"]);
    const toner = await pages("toner", 3, 2);
    expect(toner.map((i) => i.number)).toEqual([4001, 4002, 4003, 4004, 4005, 4006]);
  });
});
