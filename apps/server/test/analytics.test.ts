// Analytics on a small workspace whose every figure is computed by hand below: issues arrive by
// email and are worked through the API on an injected clock (business hours Mon–Fri 9–17 UTC).
import { analyticsMetrics, type MetricIssues, type MetricResult } from "@switchboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmailListener, startEmailListener } from "../src/channels/email/listener";
import { buildMailWorkspace, type MailWorkspace, send } from "./email/support";
import { addPerson } from "./foundation/support";
import { api, buildWorkspace, startTestApp, type TestApp, unique } from "./harness";

let clock = new Date("2026-03-01T00:00:00Z");
let app: TestApp;
let smtp: EmailListener;
let ws: MailWorkspace;
const numbers: Record<"a" | "b" | "c" | "d", number> = { a: 0, b: 0, c: 0, d: 0 };

const PERIOD = "from=2026-03-02T00:00:00Z&to=2026-03-10T00:00:00Z";

beforeAll(async () => {
  app = await startTestApp({}, { now: () => clock });
  smtp = await startEmailListener(app.services, { host: "127.0.0.1", port: 0 });
  ws = await buildMailWorkspace(app);
  await playWorkspace();
  // Replies also wait to be delivered (there is no outbound SMTP here); the facts are what matter.
  await app.services.jobs.idle(["analytics.refresh"], 60_000);
});

afterAll(async () => {
  await smtp?.close();
  await app?.close();
});

/** Sets the clock; every command from here on is stamped with it. */
const at = (iso: string) => {
  clock = new Date(iso);
};

async function playWorkspace() {
  const as = api(app, ws.admin);
  const ok = async (res: Awaited<ReturnType<typeof as.get>>) => {
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const mail = async (from: string, to: string, subject: string, messageId: string, inReplyTo?: string) => {
    await send(smtp, {
      from,
      to,
      subject,
      text: `${subject}.`,
      messageId,
      inReplyTo,
      references: inReplyTo,
      date: clock,
    });
  };
  const issueOf = async (subject: string) => {
    const items = (await ok(await as.get("/issues?limit=50&state=new,on_you,on_customer,on_hold,closed"))).items as {
      number: number;
      title: string;
    }[];
    const found = items.find((i) => i.title === subject);
    if (!found) throw new Error(`no issue ${subject}`);
    return found.number;
  };
  const reply = (n: number, body: string, visibility = "public") =>
    as.post(`/issues/${n}/messages`, { body, visibility }).then(ok);
  const state = (n: number, to: string) => as.patch(`/issues/${n}`, { state: to }).then(ok);

  // A: Monday 08:00 by email (before hours), a note, answered at 11:00, a second reply in a row,
  // the customer writes again at 13:00, answered at 14:00, closed at 15:00.
  const rootA = `<${unique("a")}@alice.test>`;
  at("2026-03-02T08:00:00Z");
  await mail("alice@alice.test", ws.support, "Export fails", rootA);
  numbers.a = await issueOf("Export fails");
  at("2026-03-02T10:00:00Z");
  await reply(numbers.a, "Looking at the logs.", "internal");
  at("2026-03-02T11:00:00Z");
  await reply(numbers.a, "Which file?");
  at("2026-03-02T11:30:00Z");
  await reply(numbers.a, "And which browser?");
  // C: opened by an agent at 12:00 (no customer message), merged into A at 12:10.
  at("2026-03-02T12:00:00Z");
  numbers.c = (
    await ok(await as.post("/issues", { title: "Duplicate of export", body: "Same as the export one." }))
  ).number;
  at("2026-03-02T12:10:00Z");
  await ok(await as.post(`/issues/${numbers.c}/merge`, { intoNumber: numbers.a }));
  at("2026-03-02T13:00:00Z");
  await mail("alice@alice.test", ws.support, "Re: Export fails", `<${unique("a2")}@alice.test>`, rootA);
  at("2026-03-02T14:00:00Z");
  await reply(numbers.a, "Fixed, please retry.");
  at("2026-03-02T15:00:00Z");
  await state(numbers.a, "closed");

  // D: Tuesday 09:00 to the billing inbox, never answered (the backlog).
  at("2026-03-03T09:00:00Z");
  await mail("dan@dan.test", ws.billing, "Invoice copy", `<${unique("d")}@dan.test>`);
  numbers.d = await issueOf("Invoice copy");

  // B: Friday 16:00, answered Monday 10:00, closed 10:30, reopened 12:00, a reply, closed 13:00.
  at("2026-03-06T16:00:00Z");
  await mail("bob@bob.test", ws.support, "Login loop", `<${unique("b")}@bob.test>`);
  numbers.b = await issueOf("Login loop");
  at("2026-03-09T10:00:00Z");
  await reply(numbers.b, "Clear your cookies.");
  at("2026-03-09T10:30:00Z");
  await state(numbers.b, "closed");
  at("2026-03-09T12:00:00Z");
  await state(numbers.b, "on_you");
  at("2026-03-09T12:30:00Z");
  await reply(numbers.b, "Did that help?");
  at("2026-03-09T13:00:00Z");
  await state(numbers.b, "closed");
  at("2026-03-10T09:00:00Z");
}

async function metric(query: string): Promise<MetricResult> {
  const res = await api(app, ws.admin).get(`/analytics/metrics?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * Whether the day counts (metric_day_count, kept by triggers) equal the facts themselves, every
 * workspace, UTC day, team and counted kind.
 */
async function dayCountsMatchFacts(): Promise<boolean> {
  const { rows } = await app.database.query(
    `WITH d AS (
       SELECT workspace_id, day, team_id, kind, n FROM metric_day_count WHERE n <> 0
     ), f AS (
       SELECT workspace_id, (at AT TIME ZONE 'UTC')::date AS day, team_id, kind, count(*)::int AS n
       FROM metric_fact WHERE kind IN ('created', 'closed', 'reopened', 'resolution') GROUP BY 1, 2, 3, 4
     )
     SELECT count(*)::int AS n FROM ((SELECT * FROM d EXCEPT SELECT * FROM f) UNION ALL (SELECT * FROM f EXCEPT SELECT * FROM d)) AS differ`,
  );
  const { rows: days } = await app.database.query("SELECT count(*)::int AS n FROM metric_day_count WHERE n > 0");
  return Number(rows[0]?.n) === 0 && Number(days[0]?.n) > 0;
}

type Figures = [count: number, value: number | null, median: number | null, p90: number | null];
type Business = [value: number | null, median: number | null, p90: number | null] | null;

// metric → total of the period [count, mean, median, p90] and the same in business seconds.
// First response: A 3 h (business 2 h: 9–11), B 66 h (business 2 h: Fri 16–17, Mon 9–10).
// Responses: A 3 h / 2 h, A 1 h / 1 h (13→14), B 66 h / 2 h; the replies at 11:30 and 12:30 answer no one.
// Resolution: A 7 h (business 6 h), B Fri 16:00 → last close Mon 13:00 = 69 h (business 1 + 4 = 5 h); C was merged.
// Touches: A 3, B 2.  Reopens: B once.  Created: A, B, C, D.  Backlog at the end: D.
const EXPECTED: [string, Figures, Business][] = [
  ["first_response_time", [2, 124_200, 124_200, 214_920], [7_200, 7_200, 7_200]],
  ["time_to_response", [3, 84_000, 10_800, 192_240], [6_000, 7_200, 7_200]],
  ["resolution_time", [2, 136_800, 136_800, 226_080], [19_800, 19_800, 21_240]],
  ["touches", [2, 2.5, 2.5, 2.9], null],
  ["resolved", [2, 2, null, null], null],
  ["reopens", [1, 1, null, null], null],
  ["created", [4, 4, null, null], null],
  ["backlog", [1, 1, null, null], null],
  ["csat", [0, null, null, null], null],
  ["sla_attainment", [0, null, null, null], null],
];

describe("analytics on a hand-computed workspace", () => {
  it.each(EXPECTED)("%s matches the figures computed by hand", async (key, [count, value, median, p90], business) => {
    const result = await metric(`metric=${key}&${PERIOD}`);
    const { total } = result;
    expect([total.count, total.value, total.median, total.p90]).toEqual([count, value, median, p90]);
    expect(total.business && [total.business.value, total.business.median, total.business.p90]).toEqual(business);
    // Nothing happened in the week before.
    expect(result.previous.count).toBe(0);
  });

  it("draws the backlog day by day (at the end of each day)", async () => {
    const { rows } = await metric(`metric=backlog&group_by=day&${PERIOD}`);
    expect(rows.map((r) => [r.key?.slice(0, 10), r.count])).toEqual([
      ["2026-03-02", 0],
      ["2026-03-03", 1],
      ["2026-03-04", 1],
      ["2026-03-05", 1],
      ["2026-03-06", 2],
      ["2026-03-07", 2],
      ["2026-03-08", 2],
      ["2026-03-09", 1],
    ]);
    // Early in the history the backlog counts forward from the first issue: on 9 March B closes
    // at 13:00, D stays. The last day counts back from the issues open now: D alone.
    const recent = await metric("metric=backlog&from=2026-03-09T00:00:00Z&to=2026-03-10T00:00:00Z");
    expect([recent.total.count, recent.previous.count]).toEqual([1, 2]);
    const now = await metric(
      `metric=backlog&from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date().toISOString()}`,
    );
    expect([now.total.count, now.previous.count]).toEqual([1, 1]);
  });

  it("compares with the previous period of the same length", async () => {
    const result = await metric("metric=created&from=2026-03-06T00:00:00Z&to=2026-03-10T00:00:00Z");
    expect(result.previousFrom).toBe("2026-03-02T00:00:00.000Z");
    expect([result.total.count, result.previous.count]).toEqual([1, 3]);
  });

  it("breaks down by team and filters with the condition language", async () => {
    const byTeam = await metric(`metric=created&group_by=team&${PERIOD}`);
    expect(byTeam.rows.map((r) => [r.label, r.count])).toEqual([
      ["Support", 2],
      ["Billing", 1],
      ["No team", 1],
    ]);
    const billing = encodeURIComponent(JSON.stringify({ field: "issue.team", op: "in", value: [ws.teams.billing] }));
    expect((await metric(`metric=created&filter=${billing}&${PERIOD}`)).total.count).toBe(1);
    const email = encodeURIComponent(JSON.stringify({ field: "issue.channel", op: "in", value: ["email"] }));
    const responses = await metric(`metric=time_to_response&group_by=channel&filter=${email}&${PERIOD}`);
    expect(responses.rows.map((r) => [r.key, r.count])).toEqual([["email", 3]]);
  });

  it("counts an issue under its current team once it moves, whether the filter reads facts or issues", async () => {
    const as = api(app, ws.admin);
    const inTeam = (team: string, also?: object) =>
      encodeURIComponent(
        JSON.stringify({ all: [{ field: "issue.team", op: "in", value: [team] }, ...(also ? [also] : [])] }),
      );
    // A tag test is not a dimension of the facts: that filter joins the issues (the other path).
    const untagged = { field: "issue.tags", op: "is_not_set" };
    const counts = async () =>
      Promise.all(
        [inTeam(ws.teams.billing), inTeam(ws.teams.support), inTeam(ws.teams.support, untagged)].map(
          async (f) => (await metric(`metric=created&filter=${f}&${PERIOD}`)).total.count,
        ),
      );
    // The backlog (D, open at the period's end) from the day counts by team, and (tag test) from the issues.
    const backlogs = async () =>
      Promise.all(
        [inTeam(ws.teams.billing), inTeam(ws.teams.support), inTeam(ws.teams.support, untagged)].map(
          async (f) => (await metric(`metric=backlog&filter=${f}&${PERIOD}`)).total.count,
        ),
      );
    expect(await counts()).toEqual([1, 2, 2]);
    expect(await backlogs()).toEqual([1, 0, 0]);
    expect((await as.patch(`/issues/${numbers.d}`, { teamId: ws.teams.support })).statusCode).toBe(200);
    try {
      expect(await counts()).toEqual([0, 3, 3]);
      expect(await backlogs()).toEqual([0, 1, 1]);
      expect(await dayCountsMatchFacts()).toBe(true);
      const byTeam = await metric(`metric=created&group_by=team&${PERIOD}`);
      expect(byTeam.rows.map((r) => [r.label, r.count])).toEqual([
        ["Support", 3],
        ["No team", 1],
      ]);
    } finally {
      expect((await as.patch(`/issues/${numbers.d}`, { teamId: ws.teams.billing })).statusCode).toBe(200);
    }
    expect(await counts()).toEqual([1, 2, 2]);
    expect(await backlogs()).toEqual([1, 0, 0]);
  });

  it("drills down from a number to the issues behind it", async () => {
    const res = await api(app, ws.admin).get(`/analytics/issues?metric=first_response_time&${PERIOD}`);
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json() as MetricIssues;
    expect(items.map((i) => [i.number, i.value, i.businessValue])).toEqual([
      [numbers.b, 237_600, 7_200],
      [numbers.a, 10_800, 7_200],
    ]);
    const backlog = (await api(app, ws.admin).get(`/analytics/issues?metric=backlog&${PERIOD}`)).json() as MetricIssues;
    expect(backlog.items.map((i) => i.number)).toEqual([numbers.d]);
    const unteamed = (
      await api(app, ws.admin).get(`/analytics/issues?metric=created&group_by=team&key=&${PERIOD}`)
    ).json() as MetricIssues;
    expect(unteamed.items.map((i) => i.number)).toEqual([numbers.c]);
  });

  it("exports the period's metrics as CSV", async () => {
    const res = await api(app, ws.admin).get(`/analytics/export.csv?${PERIOD}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = res.body.trim().split("\r\n");
    expect(lines[0]).toMatch(/^metric,unit,from,to,group_by,key,label,count,value,median,p90,business_value/);
    expect(lines).toContain(
      "first_response_time,seconds,2026-03-02T00:00:00.000Z,2026-03-10T00:00:00.000Z,none,total,Total,2,124200,124200,214920,7200,7200,7200,0,",
    );
    // The header and one line per metric key.
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual([...analyticsMetrics]);
  });

  it("lets a viewer read analytics, and shows another workspace none of these issues", async () => {
    const viewer = await addPerson(app, ws, "viewer");
    const res = await api(app, viewer).get(`/analytics/metrics?metric=created&${PERIOD}`);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as MetricResult).total.count).toBe(4);
    // …and read the SLA settings, but not change them.
    const viewerApi = api(app, viewer);
    expect((await viewerApi.get("/sla-policies")).statusCode).toBe(200);
    expect((await viewerApi.get("/business-hours")).statusCode).toBe(200);
    const policy = await api(app, ws.admin).post("/sla-policies", { name: unique("Policy"), firstResponseMinutes: 60 });
    expect(policy.statusCode, policy.body).toBe(201);
    const refusals = [
      await viewerApi.post("/sla-policies", { name: unique("Mine"), firstResponseMinutes: 5 }),
      await viewerApi.patch(`/sla-policies/${policy.json().id}`, { firstResponseMinutes: 1 }),
      await viewerApi.delete(`/sla-policies/${policy.json().id}`),
      await viewerApi.post("/business-hours", { name: unique("Cal"), timeZone: "UTC", hours: [] }),
    ];
    expect(refusals.map((r) => [r.statusCode, r.json().error.code])).toEqual(
      Array.from({ length: 4 }, () => [403, "forbidden"]),
    );
    expect((await api(app, ws.admin).delete(`/sla-policies/${policy.json().id}`)).statusCode).toBe(200);
    const other = await buildWorkspace(app);
    const theirs = await api(app, other.admin).get(`/analytics/metrics?metric=created&group_by=team&${PERIOD}`);
    expect((theirs.json() as MetricResult).total.count).toBe(0);
    const drill = await api(app, other.admin).get(`/analytics/issues?metric=created&${PERIOD}`);
    expect((drill.json() as MetricIssues).items).toEqual([]);
  });

  it("refuses a filter outside the condition language and a period backwards", async () => {
    const bad = encodeURIComponent(JSON.stringify({ field: "message.text", op: "contains", value: "x" }));
    expect((await api(app, ws.admin).get(`/analytics/metrics?filter=${bad}`)).statusCode).toBe(400);
    expect((await api(app, ws.admin).get("/analytics/metrics?filter=nope")).statusCode).toBe(400);
    const backwards = "from=2026-03-10T00:00:00Z&to=2026-03-02T00:00:00Z";
    expect((await api(app, ws.admin).get(`/analytics/metrics?${backwards}`)).json().error.code).toBe(
      "validation_failed",
    );
  });

  it("starts day buckets at the workspace's midnights, across its daylight-saving change", async () => {
    const as = api(app, ws.admin);
    expect((await as.patch("/workspace", { timeZone: "America/New_York" })).statusCode).toBe(200);
    try {
      const result = await metric(`metric=created&group_by=day&${PERIOD}`);
      expect(result.timeZone).toBe("America/New_York");
      // 00:00 UTC on 2 March is 19:00 on 1 March in New York; clocks spring forward on 8 March.
      expect(result.rows.map((r) => r.key)).toEqual([
        ...["01", "02", "03", "04", "05", "06", "07", "08"].map((d) => `2026-03-${d}T05:00:00Z`),
        "2026-03-09T04:00:00Z",
      ]);
      const drill = (await as.get(`/analytics/issues?metric=created&${PERIOD}`)).json() as MetricIssues;
      const bucketOf = (at: string) =>
        [...result.rows].reverse().find((r) => Date.parse(r.key ?? "") <= Date.parse(at))?.key;
      const expected = new Map<string, number>();
      for (const i of drill.items) expected.set(bucketOf(i.at) ?? "", (expected.get(bucketOf(i.at) ?? "") ?? 0) + 1);
      expect(result.rows.filter((r) => r.count > 0).map((r) => [r.key, r.count])).toEqual(
        [...expected].sort(([a], [b]) => a.localeCompare(b)),
      );
    } finally {
      await as.patch("/workspace", { timeZone: "UTC" });
    }
  });
});
