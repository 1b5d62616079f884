import { describe, expect, it } from "vitest";
import { createContact } from "../../src/commands/customers";
import { openIssue } from "../../src/commands/issues";
import { api, buildWorkspace, type Session, useTestApp } from "../harness";
import { expectError } from "./support";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

interface Row {
  id: string;
  number?: number;
  createdAt: string;
}

describe("pagination", () => {
  it("walks every issue exactly once, newest first (title matches first in a search), with and without filters", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const support = (await as.post("/teams", { name: "Support" })).json().id as string;
    const sales = (await as.post("/teams", { name: "Sales" })).json().id as string;

    // 15 issues over the API plus 6 opened in one transaction (same instant: the id breaks ties).
    const spec = (i: number) => ({
      title: i % 4 === 0 ? `Invoice question ${i}` : `Login problem ${i}`,
      teamId: i % 3 === 0 ? sales : i % 3 === 1 ? support : null,
    });
    for (let i = 1; i <= 15; i++) {
      const res = await as.post("/issues", { ...spec(i), ...(i % 5 === 0 ? { body: "see the invoice PDF" } : {}) });
      expect(res.statusCode, res.body).toBe(201);
      if (i % 2 === 0) await as.patch(`/issues/${res.json().number}`, { assigneeUserId: ws.adminId });
      if (i % 7 === 0) await as.patch(`/issues/${res.json().number}`, { state: "on_hold" });
    }
    await ws.run(async (ctx) => {
      for (let i = 16; i <= 21; i++) await openIssue(ctx, spec(i));
    });

    const all = (await as.get("/issues?limit=200")).json().items as (Row & Issue)[];
    expect(all).toHaveLength(21);
    for (let i = 1; i < all.length; i++) {
      const [prev, cur] = [all[i - 1] as Row, all[i] as Row];
      expect(Date.parse(prev.createdAt)).toBeGreaterThanOrEqual(Date.parse(cur.createdAt));
    }
    // Issues opened one after another come back in reverse order of their numbers.
    expect(all.slice(6).map((i) => i.number)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

    const cases: [string, (i: Issue) => boolean][] = [
      ["", () => true],
      ["state=on_hold", (i) => i.state === "on_hold"],
      ["state=new,on_customer", (i) => i.state === "new" || i.state === "on_customer"],
      [`team=${support}`, (i) => i.team?.id === support],
      ["team=none", (i) => i.team === null],
      ["assignee=me", (i) => i.assignee?.id === ws.adminId],
      ["assignee=none", (i) => i.assignee === null],
      // Full text over titles and messages: 4, 8, 12, 16, 20 by title; 5, 10, 15 by their first message.
      ["q=invoice", (i) => /invoice/i.test(i.title) || [5, 10, 15].includes(i.number)],
      [`q=login&team=${support}`, (i) => /login/i.test(i.title) && i.team?.id === support],
    ];
    // Full text ranks title matches first, then issues only a message matches, each newest first.
    const ranked = (query: string, rows: Issue[]) => {
      const word = /^q=(\w+)/.exec(query)?.[1];
      if (!word) return rows;
      const inTitle = (i: Issue) => new RegExp(word, "i").test(i.title);
      return [...rows.filter(inTitle), ...rows.filter((i) => !inTitle(i))];
    };
    for (const [query, keep] of cases) {
      const expected = ranked(query, all.filter(keep)).map((i) => i.number);
      expect(expected.length, query).toBeGreaterThan(0);
      for (const limit of [1, 4, 7]) {
        const walked = (await walk<Row & Issue>(ws.admin, `/issues?${query}${query ? "&" : ""}limit=${limit}`)).map(
          (i) => i.number,
        );
        expect(walked, `${query} limit=${limit}`).toEqual(expected);
      }
    }
    expect(new Set(all.filter((i) => [5, 10, 15].includes(i.number)).map((i) => i.state))).toEqual(
      new Set(["on_customer"]),
    );
  });

  it("walks directory lists created in one instant without losing rows", async () => {
    const ws = await buildWorkspace(app());
    const created = await ws.run(async (ctx) => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await createContact(ctx, { name: `Contact ${i}` })).id);
      return ids;
    });
    for (const limit of [1, 2, 3]) {
      const walked = (await walk(ws.admin, `/contacts?limit=${limit}`)).map((c) => c.id);
      expect(walked.sort(), `limit=${limit}`).toEqual([...created].sort());
    }
  });

  it("refuses a tampered cursor with 400", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    for (let i = 0; i < 3; i++) await as.post("/issues", { title: `Issue ${i}` });
    const first = (await as.get("/issues?limit=1")).json();
    expect(typeof first.nextCursor).toBe("string");
    const decoded = Buffer.from(first.nextCursor, "base64url").toString();
    const tampered = [
      "garbage",
      `${first.nextCursor}x`,
      Buffer.from(decoded.replace(/\|.*/, "|1 OR 1=1")).toString("base64url"),
      Buffer.from(`not-a-date|${decoded.split("|")[1]}`).toString("base64url"),
      Buffer.from(decoded.split("|")[0] ?? "").toString("base64url"),
    ];
    for (const cursor of tampered) {
      for (const url of [`/issues?cursor=${cursor}`, `/contacts?cursor=${cursor}`, `/accounts?cursor=${cursor}`]) {
        expectError(await as.get(url), 400, "validation_failed", url);
      }
    }
    const view = (await as.post("/views", { name: "All", ownerType: "user" })).json();
    const viewPage = (await as.get(`/views/${view.id}/issues?limit=1`)).json();
    expect(viewPage.items).toHaveLength(1);
    expect((await as.get(`/views/${view.id}/issues?limit=5&cursor=${viewPage.nextCursor}`)).json().items).toHaveLength(
      2,
    );
    for (const cursor of ["abc", "-1", "1.5", "1e3"]) {
      expectError(await as.get(`/views/${view.id}/issues?cursor=${cursor}`), 400, "validation_failed", cursor);
    }
  });
});

interface Issue {
  number: number;
  title: string;
  state: string;
  team: { id: string } | null;
  assignee: { id: string } | null;
}

/** Follows nextCursor to the end, checking no row comes twice. */
async function walk<T extends Row>(session: Session, url: string): Promise<T[]> {
  const as = api(app(), session);
  const out: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res = await as.get(cursor ? `${url}&cursor=${encodeURIComponent(cursor)}` : url);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: T[]; nextCursor: string | null };
    out.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  const ids = out.map((r) => r.id);
  expect(new Set(ids).size, `duplicates walking ${url}`).toBe(ids.length);
  return out;
}
