// A calendar change recomputes the SLA of every open issue: the `sla.stale` job marks them for the
// sweep in batches (one short transaction each), and the sweep moves their due times.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markStale } from "../../src/sla/sweep";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../harness";

// Friday 4 December 2026, 16:30 UTC: half an hour of the default Monday–Friday 9–17 left.
const clock = new Date("2026-12-04T16:30:00Z");
let app: TestApp;
let ws: TestWorkspace;
let calendarId: string;
const numbers: number[] = [];

beforeAll(async () => {
  app = await startTestApp({}, { now: () => clock });
  ws = await buildWorkspace(app);
  const as = api(app, ws.admin);
  const calendar = await as.post("/business-hours", {
    name: "Office",
    timeZone: "UTC",
    hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "17:00" })),
    isDefault: true,
  });
  expect(calendar.statusCode, calendar.body).toBe(201);
  calendarId = calendar.json().id;
  expect((await as.post("/sla-policies", { name: "Standard", resolutionMinutes: 60 })).statusCode).toBe(201);
  for (let i = 0; i < 5; i++) {
    const res = await as.post("/issues", { title: `Open ${i}`, body: "Help." });
    expect(res.statusCode, res.body).toBe(201);
    numbers.push(res.json().number);
    // Waiting on us: the clock runs (on the customer it would pause).
    expect((await as.patch(`/issues/${res.json().number}`, { state: "on_you" })).statusCode).toBe(200);
  }
  const closed = (await as.post("/issues", { title: "Done", body: "Thanks." })).json().number;
  expect((await as.patch(`/issues/${closed}`, { state: "closed" })).statusCode).toBe(200);
  await settle();
}, 300_000);

afterAll(() => app?.close());

const settle = () => app.services.jobs.idle(undefined, 60_000);
const dueTimes = async () =>
  Promise.all(
    numbers.map(async (n) => (await api(app, ws.admin).get(`/issues/${n}`)).json().sla.resolutionDueAt as string),
  );
const staleOpen = async () => {
  const { rows } = await app.services.database.query(
    `SELECT count(*) FILTER (WHERE state <> 'closed' AND sla_evaluated_at IS NULL)::int AS open,
            count(*) FILTER (WHERE state = 'closed' AND sla_evaluated_at IS NULL)::int AS closed
     FROM issue WHERE workspace_id = $1`,
    [ws.workspaceId],
  );
  return rows[0];
};

describe("a calendar change", { timeout: 120_000 }, () => {
  it("marks the open issues in batches, closed ones left alone", async () => {
    expect(await staleOpen()).toEqual({ open: 0, closed: 0 });
    // Five open issues, two per transaction: three batches.
    expect(await markStale(app.services, { workspaceId: ws.workspaceId }, 2)).toBe(3);
    expect(await staleOpen()).toEqual({ open: 5, closed: 0 });
    await app.services.jobs.enqueue("sla.refresh", { workspaceId: ws.workspaceId });
    await settle();
    expect(await staleOpen()).toEqual({ open: 0, closed: 0 });
  });

  it("moves every open issue's due time once the sweep has run", async () => {
    // 60 business minutes from Friday 16:30: 30 today, 30 on Monday.
    expect(new Set(await dueTimes())).toEqual(new Set(["2026-12-07T09:30:00.000Z"]));
    const res = await api(app, ws.admin).patch(`/business-hours/${calendarId}`, {
      hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })),
    });
    expect(res.statusCode, res.body).toBe(200);
    await settle();
    await app.services.jobs.enqueue("sla.refresh", { workspaceId: ws.workspaceId });
    await settle();
    expect(new Set(await dueTimes())).toEqual(new Set(["2026-12-04T17:30:00.000Z"]));
  });
});
