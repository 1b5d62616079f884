// The per-day histograms behind the duration and value tiles (migration 0046): kept equal to the
// facts by their triggers through inserts, refreshes, team moves and deletes, and their medians and
// p90s within the documented 5 % of the facts' own (a filter the histograms cannot answer reads
// the facts: the exact path, over the same issues).
import type { MetricResult } from "@switchboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshMissingIssueMetrics } from "../src/commands/analytics";
import { createTeam } from "../src/commands/team";
import { BUCKET_GROWTH } from "../src/domain/histogram";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "./harness";

let app: TestApp;
let ws: TestWorkspace;
let teamIds: string[] = [];
const ISSUES = 400;

beforeAll(async () => {
  app = await startTestApp();
  ws = await buildWorkspace(app);
  teamIds = await ws.run(async (ctx) => [
    (await createTeam(ctx, { name: "Support" })).id,
    (await createTeam(ctx, { name: "Billing" })).id,
    (await createTeam(ctx, { name: "Sales" })).id,
  ]);
  await loadIssues();
  await refreshMissingIssueMetrics(app.services, { workspaceId: ws.workspaceId });
});

afterAll(async () => {
  await app?.close();
});

/**
 * Ten days of issues (1–6 March 2026) with their logs, written in SQL as the analytics bench does
 * (the facts themselves come from the product's refresh): a first response 1 min–2 days after the
 * customer, for 60 % a second exchange, for 80 % a close; a team each (or none for every fourth).
 */
async function loadIssues() {
  await app.database.query(
    `WITH base AS (
       SELECT g, gen_random_uuid() AS id, $1::uuid AS ws, CASE WHEN g % 4 = 0 THEN NULL ELSE ($2::uuid[])[1 + g % 3] END AS team,
              timestamptz '2026-03-01T00:00:00Z' + (g::float8 / $4) * interval '10 days' AS created,
              (60 + (hashint4(g) & 65535) * 2.6) * interval '1 second' AS wait1,
              (600 + (hashint4(g + 7) & 65535) * 1.3) * interval '1 second' AS wait2,
              (hashint4(g + 13) & 1023) AS r
       FROM generate_series(1, $4) AS g
     ),
     ins AS (
       INSERT INTO issue (id, workspace_id, number, title, channel, state, team_id, priority, created_at, updated_at, resolved_at, sla_evaluated_at)
       SELECT id, ws, g, 'Issue ' || g, (ARRAY['slack','email','widget'])[1 + g % 3],
              CASE WHEN r < 820 THEN 'closed' ELSE 'on_you' END, team, 'medium', created, created,
              CASE WHEN r < 820 THEN created + wait1 * 3 + wait2 END, created
       FROM base RETURNING id
     )
     INSERT INTO issue_event (workspace_id, issue_id, type, actor_type, actor_id, data, created_at)
     SELECT b.ws, b.id, e.type, e.actor, e.actor_id, e.data, e.at
     FROM base b CROSS JOIN LATERAL (VALUES
       ('created', 'contact', NULL, jsonb_build_object('channel', 'email', 'teamId', b.team, 'accountId', NULL), b.created, true),
       ('message', 'contact', NULL, jsonb_build_object('messageId', gen_random_uuid(), 'authorType', 'contact', 'visibility', 'public'), b.created, true),
       ('message', 'user', $3, jsonb_build_object('messageId', gen_random_uuid(), 'authorType', 'user', 'visibility', 'public'), b.created + b.wait1, true),
       ('message', 'contact', NULL, jsonb_build_object('messageId', gen_random_uuid(), 'authorType', 'contact', 'visibility', 'public'), b.created + b.wait1 * 2, b.r % 5 < 3),
       ('message', 'user', $3, jsonb_build_object('messageId', gen_random_uuid(), 'authorType', 'user', 'visibility', 'public'), b.created + b.wait1 * 2 + b.wait2, b.r % 5 < 3),
       ('state', 'user', $3, jsonb_build_object('from', 'on_customer', 'to', 'closed'), b.created + b.wait1 * 3 + b.wait2, b.r < 820)
     ) AS e(type, actor, actor_id, data, at, present)
     WHERE e.present AND EXISTS (SELECT 1 FROM ins WHERE ins.id = b.id)`,
    [ws.workspaceId, `{${teamIds.join(",")}}`, ws.adminId, ISSUES],
  );
}

/**
 * How many (day, team, kind, measure, bucket) rows differ between the histograms and a
 * recomputation from the facts (each measure written out here, not through the migration's
 * function), and whether the workspace has any at all.
 */
async function histogramDifferences(): Promise<{ differ: number; rows: number; weeks: number }> {
  const { rows } = await app.database.query(
    `WITH f AS (
       SELECT workspace_id, kind, 's' AS measure, at, team_id, seconds::float8 AS v FROM metric_fact
         WHERE kind IN ('first_response', 'response', 'resolution')
       UNION ALL SELECT workspace_id, kind, 'b', at, team_id, business_seconds::float8 FROM metric_fact
         WHERE kind IN ('first_response', 'response', 'resolution')
       UNION ALL SELECT workspace_id, kind, 'v', at, team_id, value FROM metric_fact
         WHERE kind IN ('csat', 'csat_survey', 'touches') OR (kind = 'sla' AND target = 'overall')
     ), recomputed AS (
       SELECT workspace_id, kind, measure, (at AT TIME ZONE 'UTC')::date AS day, team_id, metric_bucket(v) AS bucket,
              count(*)::int AS n, coalesce(sum(v), 0)::float8 AS total
       FROM f WHERE workspace_id = $1 GROUP BY 1, 2, 3, 4, 5, 6
     ), kept AS (
       SELECT workspace_id, kind, measure, day, team_id, bucket, n, total FROM metric_day_histogram
       WHERE workspace_id = $1 AND (n <> 0 OR total <> 0)
     ), totals AS (
       -- Migration 0054's team-less rows: each UTC day (span 1) and each ISO week from its Monday (7).
       SELECT workspace_id, kind, measure, 1 AS span, (at AT TIME ZONE 'UTC')::date AS start, metric_bucket(v) AS bucket,
              count(*)::int AS n, coalesce(sum(v), 0)::float8 AS total
       FROM f WHERE workspace_id = $1 GROUP BY 1, 2, 3, 4, 5, 6
       UNION ALL
       SELECT workspace_id, kind, measure, 7, date_trunc('week', at AT TIME ZONE 'UTC')::date, metric_bucket(v),
              count(*)::int, coalesce(sum(v), 0)::float8
       FROM f WHERE workspace_id = $1 GROUP BY 1, 2, 3, 4, 5, 6
     ), kept_totals AS (
       SELECT workspace_id, kind, measure, span::int, start, bucket, n, total FROM metric_total_histogram
       WHERE workspace_id = $1 AND (n <> 0 OR total <> 0)
     )
     SELECT (SELECT count(*)::int FROM ((SELECT * FROM kept EXCEPT SELECT * FROM recomputed)
              UNION ALL (SELECT * FROM recomputed EXCEPT SELECT * FROM kept)) AS d)
          + (SELECT count(*)::int FROM ((SELECT * FROM kept_totals EXCEPT SELECT * FROM totals)
              UNION ALL (SELECT * FROM totals EXCEPT SELECT * FROM kept_totals)) AS d) AS differ,
            (SELECT count(*)::int FROM kept) AS rows, (SELECT count(*)::int FROM kept_totals WHERE span = 7) AS weeks`,
    [ws.workspaceId],
  );
  return { differ: Number(rows[0]?.differ), rows: Number(rows[0]?.rows), weeks: Number(rows[0]?.weeks) };
}

async function metric(query: string): Promise<MetricResult> {
  const res = await api(app, ws.admin).get(`/analytics/metrics?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const filterOf = (node: object) => `filter=${encodeURIComponent(JSON.stringify(node))}`;
// Every channel: the same issues, but a filter only the facts answer (the exact path).
const EVERY_CHANNEL = {
  any: [
    { field: "issue.channel", op: "is_set" },
    { field: "issue.channel", op: "is_not_set" },
  ],
};
const EXACT = filterOf(EVERY_CHANNEL);
// Partial first and last days: whole days from the histograms, the edges from the facts.
const PERIOD = "from=2026-03-02T07:30:00Z&to=2026-03-09T18:00:00Z";
// Unfiltered, a whole ISO week (2–8 March) is read from the team-less week rows, 9 March as a day.
const WEEK_PERIOD = "from=2026-03-01T07:30:00Z&to=2026-03-10T18:00:00Z";

function expectWithinBound(estimate: number | null, exact: number | null) {
  expect(estimate === null, `${estimate} vs ${exact}`).toBe(exact === null);
  if (estimate === null || exact === null) return;
  expect(Math.abs(estimate - exact)).toBeLessThanOrEqual((BUCKET_GROWTH - 1) * Math.abs(exact) + 1e-9);
}

type Row = MetricResult["total"];
function expectSameRow(summarised: Row | undefined, exact: Row | undefined) {
  expect(summarised?.count).toBe(exact?.count);
  expect(summarised?.value ?? null).toBeCloseTo(exact?.value ?? 0, 6);
  expectWithinBound(summarised?.median ?? null, exact?.median ?? null);
  expectWithinBound(summarised?.p90 ?? null, exact?.p90 ?? null);
  expectWithinBound(summarised?.business?.median ?? null, exact?.business?.median ?? null);
  expectWithinBound(summarised?.business?.p90 ?? null, exact?.business?.p90 ?? null);
}

describe("per-day histograms of the duration and value metrics", () => {
  it("hold what the facts hold after their refresh", async () => {
    const { differ, rows, weeks } = await histogramDifferences();
    expect(rows).toBeGreaterThan(100);
    expect(weeks).toBeGreaterThan(10);
    expect(differ).toBe(0);
  });

  it.each(["first_response_time", "time_to_response", "resolution_time", "touches"])(
    "give %s's median and p90 within 5 % of the facts' (total, previous period, by team, by day)",
    async (key) => {
      for (const [period, grouping] of [PERIOD, WEEK_PERIOD].flatMap((p) =>
        ["none", "team", "day"].map((g) => [p, g]),
      )) {
        const summarised = await metric(`metric=${key}&group_by=${grouping}&${period}`);
        const exact = await metric(`metric=${key}&group_by=${grouping}&${period}&${EXACT}`);
        expect(summarised.total.count).toBeGreaterThan(50);
        expectSameRow(summarised.total, exact.total);
        expectSameRow(summarised.previous, exact.previous);
        expect(summarised.rows.map((r) => r.key)).toEqual(exact.rows.map((r) => r.key));
        summarised.rows.forEach((row, i) => {
          expectSameRow(row, exact.rows[i]);
        });
      }
      const team = filterOf({ field: "issue.team", op: "in", value: [teamIds[1]] });
      const exactTeam = filterOf({ all: [{ field: "issue.team", op: "in", value: [teamIds[1]] }, EVERY_CHANNEL] });
      const [byDays, byFacts] = await Promise.all([
        metric(`metric=${key}&${PERIOD}&${team}`),
        metric(`metric=${key}&${PERIOD}&${exactTeam}`),
      ]);
      expectSameRow(byDays.total, byFacts.total);
    },
  );

  it("follow team and assignee moves, closes and deleted issues", async () => {
    const as = api(app, ws.admin);
    for (const number of [1, 2, 3, 4, 5])
      expect((await as.patch(`/issues/${number}`, { teamId: teamIds[2] })).statusCode).toBe(200);
    expect(await histogramDifferences()).toMatchObject({ differ: 0 });
    // An assignee move rewrites the facts' dimensions too; no bucket changes.
    for (const number of [9, 10])
      expect((await as.patch(`/issues/${number}`, { assigneeUserId: ws.adminId })).statusCode).toBe(200);
    expect(await histogramDifferences()).toMatchObject({ differ: 0 });
    // Closing an open issue adds to its log; its refresh deletes and inserts its facts.
    const { rows: open } = await app.database.query(
      "SELECT number FROM issue WHERE workspace_id = $1 AND state <> 'closed' ORDER BY number LIMIT 3",
      [ws.workspaceId],
    );
    for (const { number } of open)
      expect((await as.patch(`/issues/${number}`, { state: "closed" })).statusCode).toBe(200);
    await app.services.jobs.idle(["analytics.refresh"], 60_000);
    expect(await histogramDifferences()).toMatchObject({ differ: 0 });
    // Every issue refreshed again (one statement deleting and one inserting 400 issues' facts).
    await refreshMissingIssueMetrics(app.services, { workspaceId: ws.workspaceId, all: true });
    expect(await histogramDifferences()).toMatchObject({ differ: 0 });
    // An issue erased: its facts go by the cascade.
    await app.database.query("DELETE FROM issue WHERE workspace_id = $1 AND number IN (6, 7, 8)", [ws.workspaceId]);
    expect(await histogramDifferences()).toMatchObject({ differ: 0 });
  });
});
