import type { Issue } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { api, buildWorkspace, useTestApp } from "./harness";

const app = useTestApp();

type Client = ReturnType<typeof api>;

// Views filtered on an issue's custom fields read them through issue_field_value (migration 0056):
// these hold its rows to the issues' JSON after every kind of change, through the API.
describe("views on custom fields", { timeout: 60_000 }, () => {
  it("select, multiselect and text values match trimmed and case-insensitively, in priority order", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    await fields(as);
    const a = await open(as, "a", "low", { area: "Billing" });
    const b = await open(as, "b", "urgent", { area: "Mobile", note: "  BILLING " });
    const c = await open(as, "c", "high", { modules: ["Audiences", "Billing"] });
    const d = await open(as, "d", "urgent", { area: "Billing", seats: 12 });
    await open(as, "e", "none", {});

    const views = await makeViews(as, {
      area: [{ field: "issue.field.area", op: "eq", value: " billing " }],
      modules: [{ field: "issue.field.modules", op: "in", value: ["BILLING"] }],
      "modules either": [{ field: "issue.field.modules", op: "in", value: ["audiences", "Billing "] }],
      note: [{ field: "issue.field.note", op: "eq", value: "Billing" }],
      "area either": [{ field: "issue.field.area", op: "in", value: ["billing", " MOBILE"] }],
      "area not billing": [{ field: "issue.field.area", op: "neq", value: "billing" }],
      "urgent billing": [
        { field: "issue.priority", op: "eq", value: "urgent" },
        { field: "issue.field.area", op: "eq", value: "Billing" },
      ],
      seats: [{ field: "issue.field.seats", op: "eq", value: 12 }],
    });
    expect(await page(as, views.area)).toEqual(["d", "a"]);
    expect(await page(as, views.modules)).toEqual(["c"]);
    expect(await page(as, views["modules either"])).toEqual(["c"]);
    expect(await page(as, views.note)).toEqual(["b"]);
    expect(await page(as, views["area either"])).toEqual(["b", "d", "a"]);
    expect(await page(as, views["area not billing"])).toEqual(["b", "c", "e"]);
    expect(await page(as, views["urgent billing"])).toEqual(["d"]);
    expect(await page(as, views.seats)).toEqual(["d"]);
    // A page at a time, and a board's column of one state.
    expect(await page(as, views["area either"], "limit=2")).toEqual(["b", "d"]);
    expect(await page(as, views["area either"], "limit=2&cursor=2")).toEqual(["a"]);
    await patch(as, d.number, { state: "on_customer" });
    expect(await page(as, views.area, "state=on_customer")).toEqual(["d"]);
    expect(await page(as, views.area, "state=new")).toEqual(["a"]);
    expect(await counts(as, views)).toEqual({
      area: 2,
      modules: 1,
      "modules either": 1,
      note: 1,
      "area either": 3,
      "area not billing": 3,
      "urgent billing": 1,
      seats: 1,
    });

    // The order follows a priority change; closing leaves the page but not the count's rule.
    await patch(as, d.number, { priority: "low" });
    await patch(as, a.number, { priority: "high" });
    expect(await page(as, views.area)).toEqual(["a", "d"]);
    await patch(as, a.number, { state: "closed" });
    expect(await page(as, views.area)).toEqual(["a", "d"]);
    expect((await counts(as, views)).area).toBe(1);
    await patch(as, a.number, { state: "on_you" });
    expect((await counts(as, views)).area).toBe(2);
    await patch(as, c.number, { state: "on_you" });
    expect(await page(as, views.modules)).toEqual(["c"]);
    await patch(as, b.number, { customFields: { note: "billing, later" } });
    expect(await page(as, views.note)).toEqual([]);
  });

  it("follows values changed and cleared, bulk SQL copies and updates, and never another workspace's issues", async () => {
    const ws = await buildWorkspace(app());
    const other = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const theirs = api(app(), other.admin);
    await fields(as);
    await fields(theirs);
    const a = await open(as, "a", "medium", { area: "Billing", modules: ["Billing"] });
    const b = await open(as, "b", "high", { area: "Mobile" });
    await open(theirs, "their billing", "urgent", { area: "Billing", modules: ["Billing"] });
    const filter = {
      area: [{ field: "issue.field.area", op: "eq", value: "billing" }],
      modules: [{ field: "issue.field.modules", op: "eq", value: "billing" }],
    };
    const views = await makeViews(as, filter);
    const theirViews = await makeViews(theirs, filter);
    expect(await page(as, views.area)).toEqual(["a"]);
    expect(await counts(as, views)).toEqual({ area: 1, modules: 1 });
    expect(await counts(theirs, theirViews)).toEqual({ area: 1, modules: 1 });

    await patch(as, a.number, { customFields: { area: "Mobile", modules: ["Audiences"] } });
    await patch(as, b.number, { customFields: { area: "Billing" } });
    expect(await page(as, views.area)).toEqual(["b"]);
    expect(await page(as, views.modules)).toEqual([]);
    await patch(as, b.number, { customFields: { area: null } });
    expect(await page(as, views.area)).toEqual([]);
    expect(await counts(as, views)).toEqual({ area: 0, modules: 0 });

    // Fixture: rows written behind the commands' back (an import's or a loader's bulk SQL).
    const db = app().database;
    await db.query(
      `INSERT INTO issue (workspace_id, number, title, created_at, priority, custom_fields)
       SELECT $1, 100 + g, 'copy ' || g, now() + g * interval '1 second', CASE WHEN g = 2 THEN 'urgent' ELSE 'low' END,
         jsonb_build_object('area', CASE WHEN g = 3 THEN 'Mobile' ELSE ' BILLING' END, 'modules', jsonb_build_array('x', 'Billing '))
       FROM generate_series(1, 3) g`,
      [ws.workspaceId],
    );
    expect(await page(as, views.area)).toEqual(["copy 2", "copy 1"]);
    expect(await page(as, views.modules)).toEqual(["copy 2", "copy 1", "copy 3"]);
    await db.query(
      `UPDATE issue SET custom_fields = custom_fields - 'modules' || '{"area": "billing"}' WHERE workspace_id = $1 AND number = 103`,
      [ws.workspaceId],
    );
    await db.query("DELETE FROM issue WHERE workspace_id = $1 AND number = 101", [ws.workspaceId]);
    expect(await page(as, views.area)).toEqual(["copy 2", "copy 3"]);
    expect(await page(as, views.modules)).toEqual(["copy 2"]);
    expect(await counts(as, views)).toEqual({ area: 2, modules: 1 });
    expect(await counts(theirs, theirViews)).toEqual({ area: 1, modules: 1 });
    expect(await page(theirs, theirViews.area)).toEqual(["their billing"]);
  });

  it("filters analytics' issue lists on a custom field the same way", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    await fields(as);
    await open(as, "billing", "low", { area: "Billing" });
    await open(as, "both", "low", { modules: ["Audiences", "Billing"] });
    await open(as, "mobile", "low", { area: "Mobile" });
    const listed = async (filter: unknown) => {
      const to = new Date(Date.now() + 60_000).toISOString();
      const query = `metric=backlog&to=${encodeURIComponent(to)}&filter=${encodeURIComponent(JSON.stringify(filter))}`;
      const res = await as.get(`/analytics/issues?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { title: string }[]).map((i) => i.title).sort();
    };
    expect(await listed({ field: "issue.field.area", op: "eq", value: "billing" })).toEqual(["billing"]);
    expect(
      await listed({
        any: [
          { field: "issue.field.area", op: "eq", value: "billing" },
          { field: "issue.field.modules", op: "in", value: ["billing", "audiences"] },
        ],
      }),
    ).toEqual(["billing", "both"]);
    expect(await listed({ field: "issue.field.area", op: "neq", value: "Billing" })).toEqual(["both", "mobile"]);
  });

  it("compares a text value too long for the index through the issue itself", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    await fields(as);
    const long = `Billing ${"x".repeat(300)}`;
    await open(as, "long", "low", { note: long });
    await open(as, "short", "low", { note: "billing" });
    const views = await makeViews(as, {
      long: [{ field: "issue.field.note", op: "eq", value: ` ${long.toUpperCase()} ` }],
      "long or short": [
        {
          any: [
            { field: "issue.field.note", op: "eq", value: long },
            { field: "issue.field.note", op: "eq", value: "BILLING" },
          ],
        },
      ],
      "not long": [{ field: "issue.field.note", op: "neq", value: long }],
    });
    expect(await page(as, views.long)).toEqual(["long"]);
    expect(await page(as, views["long or short"])).toEqual(["long", "short"]);
    expect(await page(as, views["not long"])).toEqual(["short"]);
    expect(await counts(as, views)).toEqual({ long: 1, "long or short": 2, "not long": 1 });
  });
});

async function fields(as: Client) {
  const specs = [
    { key: "area", label: "Area", type: "select", options: ["Billing", "Mobile"] },
    { key: "modules", label: "Modules", type: "multiselect", options: ["Audiences", "Billing"] },
    { key: "note", label: "Note", type: "text" },
    { key: "seats", label: "Seats", type: "number" },
  ];
  for (const spec of specs) {
    const res = await as.post("/custom-fields", { object: "issue", ...spec });
    expect(res.statusCode, res.body).toBe(201);
  }
}

async function open(as: Client, title: string, priority: string, customFields: Record<string, unknown>) {
  const res = await as.post("/issues", { title, priority });
  expect(res.statusCode, res.body).toBe(201);
  const issue = res.json() as Issue;
  if (Object.keys(customFields).length > 0) await patch(as, issue.number, { customFields });
  return issue;
}

async function patch(as: Client, number: number, body: Record<string, unknown>) {
  const res = await as.patch(`/issues/${number}`, body);
  expect(res.statusCode, res.body).toBe(200);
}

async function makeViews(as: Client, filters: Record<string, unknown[]>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, all] of Object.entries(filters)) {
    const res = await as.post("/views", { name, ownerType: "user", sort: "priority", filter: { all } });
    expect(res.statusCode, res.body).toBe(201);
    ids[name] = res.json().id;
  }
  return ids;
}

/** A view's page, as titles in its order. */
async function page(as: Client, viewId: string | undefined, query = "limit=50"): Promise<string[]> {
  const res = await as.get(`/views/${viewId}/issues?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Issue[]).map((i) => i.title);
}

/** The sidebar's count of each named view. */
async function counts(as: Client, views: Record<string, string>): Promise<Record<string, number>> {
  const res = await as.get("/views/counts");
  expect(res.statusCode, res.body).toBe(200);
  const byId = res.json().counts as Record<string, number>;
  return Object.fromEntries(Object.entries(views).map(([name, id]) => [name, byId[id] ?? -1]));
}
