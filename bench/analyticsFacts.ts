// The bench's metric facts computed set-wise in SQL: the facts the product's refresh
// (commands/analytics.ts → domain/metrics.ts `issueFacts`) writes for the bench's logs, which hold
// created, message and state events only (no merges, surveys or SLA events), with the workspace's
// default calendar (Monday to Friday, 9–17 UTC) and whole-second times. `checkFacts` recomputes a
// sample with the product's refresh and compares every fact. (Measured 2026-12-07 at load 30–45 on
// 2 cores: 318 issues/s, against the refresh's 286/s at the same load — the set-wise build did not
// make a 1M run fit in minutes on that machine; see bench/README.md.)
import { refreshMissingIssueMetrics } from "../apps/server/src/commands/analytics";
import type { Database } from "../apps/server/src/db/connect";
import type { Services } from "../apps/server/src/services";

/** Business seconds of `a`–`b` in Monday to Friday, 9–17 UTC (durations under a year). */
const business = (a: string, b: string) => `(SELECT coalesce(sum(greatest(0, extract(epoch FROM
    least(${b} AT TIME ZONE 'UTC', d + interval '17 hours') - greatest(${a} AT TIME ZONE 'UTC', d + interval '9 hours')))), 0)::int
  FROM generate_series(date_trunc('day', ${a} AT TIME ZONE 'UTC'), ${b} AT TIME ZONE 'UTC', interval '1 day') AS d
  WHERE extract(isodow FROM d) < 6)`;
const seconds = (a: string, b: string) => `greatest(0, round(extract(epoch FROM ${b} - ${a})))::int`;

/**
 * The facts of the workspace's issues numbered `first`–`last` that have none, and their refresh
 * positions, in one statement (the day count and histogram triggers see one insert).
 */
export const FACTS_SQL = `
WITH todo AS (
  SELECT i.id, i.team_id, i.assignee_user_id, i.channel, i.priority, i.account_id FROM issue i
  WHERE i.workspace_id = $1 AND i.number BETWEEN $2 AND $3
    AND NOT EXISTS (SELECT 1 FROM issue_metric_refresh r WHERE r.issue_id = i.id)
),
ev AS (
  SELECT e.issue_id, e.seq, e.created_at AS at, e.type,
    (e.type = 'message' AND e.data->>'authorType' = 'contact') AS cust,
    (e.type = 'message' AND e.data->>'authorType' = 'user' AND e.data->>'visibility' = 'public' AND e.actor_type = 'user') AS resp,
    CASE WHEN e.type = 'state' AND e.data->>'to' = 'closed' AND e.data->>'from' IS DISTINCT FROM 'closed' THEN 1
         WHEN e.type = 'state' AND e.data->>'from' = 'closed' AND e.data->>'to' IS DISTINCT FROM 'closed' THEN -1 END AS flip
  FROM issue_event e JOIN todo t ON t.id = e.issue_id
  WHERE e.type IN ('created', 'message', 'state', 'merged', 'sla_applied', 'sla_breached', 'csat', 'csat_requested')
),
-- k: how many responses came before the event; a wait is the customer messages of one k and the
-- response that ends it (the k+1-th).
segs AS (
  SELECT ev.*, count(*) FILTER (WHERE resp) OVER (PARTITION BY issue_id ORDER BY seq ROWS UNBOUNDED PRECEDING) - resp::int AS k
  FROM ev
),
waits AS (
  SELECT issue_id, k, (array_agg(at ORDER BY seq) FILTER (WHERE cust))[1] AS since,
    (array_agg(at ORDER BY seq) FILTER (WHERE resp))[1] AS answered
  FROM segs GROUP BY issue_id, k
),
measured AS (
  SELECT issue_id, since, answered, row_number() OVER (PARTITION BY issue_id ORDER BY k) AS nth
  FROM waits WHERE since IS NOT NULL AND answered IS NOT NULL
),
issues AS (
  SELECT issue_id, coalesce((array_agg(at ORDER BY seq) FILTER (WHERE type = 'created'))[1], (array_agg(at ORDER BY seq))[1]) AS created,
    count(*) FILTER (WHERE resp) AS touches, (array_agg(flip ORDER BY seq DESC) FILTER (WHERE flip IS NOT NULL))[1] AS last_flip,
    (array_agg(at ORDER BY seq DESC) FILTER (WHERE flip = 1))[1] AS last_close, bool_or(type = 'merged') AS merged
  FROM ev GROUP BY issue_id
),
facts AS MATERIALIZED (
  SELECT issue_id, 'created' AS kind, created AS at, NULL::int AS seconds, NULL::int AS business_seconds, NULL::float8 AS value FROM issues
  UNION ALL
  SELECT issue_id, kind, answered, ${seconds("since", "answered")}, ${business("since", "answered")}, NULL
  FROM measured CROSS JOIN LATERAL (SELECT 'response' AS kind UNION ALL SELECT 'first_response' WHERE nth = 1) AS k
  UNION ALL
  SELECT issue_id, CASE flip WHEN 1 THEN 'closed' ELSE 'reopened' END, at, NULL, NULL, NULL FROM ev WHERE flip IS NOT NULL
  UNION ALL
  SELECT issue_id, 'resolution', last_close, ${seconds("created", "last_close")}, ${business("created", "last_close")}, NULL
  FROM issues WHERE last_flip = 1 AND NOT merged
  UNION ALL
  SELECT issue_id, 'touches', last_close, NULL, NULL, touches FROM issues WHERE last_flip = 1 AND NOT merged
),
inserted AS (
  -- A data-modifying CTE runs whether or not it is read.
  INSERT INTO metric_fact (workspace_id, issue_id, kind, target, at, seconds, business_seconds, value,
    team_id, assignee_user_id, channel, priority, account_id)
  SELECT $1, f.issue_id, f.kind, NULL, f.at, f.seconds, f.business_seconds, f.value,
    t.team_id, t.assignee_user_id, t.channel, t.priority, t.account_id
  FROM facts f JOIN todo t ON t.id = f.issue_id
)
INSERT INTO issue_metric_refresh (issue_id, workspace_id, event_count)
SELECT t.id, $1, (SELECT count(*) FROM issue_event e WHERE e.issue_id = t.id) FROM todo t`;

/** The workspace's day counts and histograms recomputed from its facts (migrations 0041, 0046 and 0054). */
const SUMMARIES_SQL = [
  `DELETE FROM metric_day_count WHERE workspace_id = $1`,
  `INSERT INTO metric_day_count (workspace_id, day, team_id, kind, n)
   SELECT workspace_id, (at AT TIME ZONE 'UTC')::date, team_id, kind, count(*)
   FROM metric_fact WHERE workspace_id = $1 AND kind IN ('created', 'closed', 'reopened', 'resolution') GROUP BY 1, 2, 3, 4`,
  `DELETE FROM metric_day_histogram WHERE workspace_id = $1`,
  `INSERT INTO metric_day_histogram (workspace_id, kind, measure, day, team_id, bucket, n, total)
   SELECT f.workspace_id, f.kind, m.measure, (f.at AT TIME ZONE 'UTC')::date, f.team_id, metric_bucket(m.v), count(*), coalesce(sum(m.v), 0)
   FROM metric_fact f CROSS JOIN LATERAL metric_fact_measures(f.kind, f.target, f.seconds, f.business_seconds, f.value) m
   WHERE f.workspace_id = $1 GROUP BY 1, 2, 3, 4, 5, 6`,
  `DELETE FROM metric_total_histogram WHERE workspace_id = $1`,
  `INSERT INTO metric_total_histogram (workspace_id, kind, measure, span, start, bucket, n, total)
   SELECT h.workspace_id, h.kind, h.measure, s.span, s.start, h.bucket, sum(h.n), sum(h.total)
   FROM metric_day_histogram h CROSS JOIN LATERAL metric_total_spans(h.day::timestamp AT TIME ZONE 'UTC') s
   WHERE h.workspace_id = $1 GROUP BY 1, 2, 3, 4, 5, 6`,
];

/** Computes the facts of the workspace's issues numbered 1–`issues` that have none; returns how many issues. */
export async function buildFacts(database: Database, workspaceId: string, issues: number): Promise<number> {
  const chunk = 50_000;
  const refreshed = async () =>
    Number(
      (
        await database.query("SELECT count(*)::int AS n FROM issue_metric_refresh WHERE workspace_id = $1", [
          workspaceId,
        ])
      ).rows[0]?.n ?? 0,
    );
  const before = await refreshed();
  // Fresh statistics: without them the planner reads the workspace's events once per issue.
  await database.query("ANALYZE issue, issue_event, issue_metric_refresh");
  // A bulk load: the row triggers (foreign keys: the rows come from the workspace's own issues)
  // and the statement triggers (day counts and histograms, rebuilt below as migrations 0041, 0046
  // and 0054 first filled them) are off meanwhile.
  await database.query("ALTER TABLE metric_fact DISABLE TRIGGER ALL");
  await database.query("ALTER TABLE issue_metric_refresh DISABLE TRIGGER ALL");
  try {
    for (let first = 1; first <= issues; first += chunk) {
      const last = Math.min(issues, first + chunk - 1);
      await database.query(FACTS_SQL, [workspaceId, first, last]);
      process.stdout.write(`  facts of ${last.toLocaleString("en")} issues\r`);
    }
  } finally {
    await database.query("ALTER TABLE metric_fact ENABLE TRIGGER ALL");
    await database.query("ALTER TABLE issue_metric_refresh ENABLE TRIGGER ALL");
  }
  for (const statement of SUMMARIES_SQL) await database.query(statement, [workspaceId]);
  return (await refreshed()) - before;
}

/**
 * Recomputes the facts of `sample` issues spread over the workspace with the product's refresh
 * and compares them with the set-wise ones, fact by fact; throws on any difference.
 */
export async function checkFacts(database: Database, services: Services, workspaceId: string, sample: number) {
  const columns = `issue_id, kind, target, at, seconds, business_seconds, value, team_id, assignee_user_id, channel, priority, account_id`;
  const picked = `SELECT id FROM issue WHERE workspace_id = '${workspaceId}' AND number % (SELECT greatest(1, count(*) / ${sample}) FROM issue WHERE workspace_id = '${workspaceId}') = 0`;
  await database.query(`DROP TABLE IF EXISTS bench_facts_sql`);
  await database.query(
    `CREATE TABLE bench_facts_sql AS SELECT ${columns} FROM metric_fact WHERE issue_id IN (${picked})`,
  );
  await database.query(`DELETE FROM issue_metric_refresh WHERE issue_id IN (${picked})`);
  const refreshed = await refreshMissingIssueMetrics(services, { workspaceId, batch: 1000 });
  const differ = async (a: string, b: string) =>
    Number(
      (
        await database.query(
          `SELECT count(*)::int AS n FROM (SELECT ${columns} FROM ${a} EXCEPT ALL SELECT ${columns} FROM ${b}) AS d`,
        )
      ).rows[0]?.n ?? 0,
    );
  const mine = `bench_facts_sql`;
  const product = `(SELECT * FROM metric_fact WHERE issue_id IN (${picked})) AS p`;
  const [onlySql, onlyRefresh] = [await differ(mine, product), await differ(product, mine)];
  const { rows } = await database.query(`SELECT count(*)::int AS n FROM bench_facts_sql`);
  await database.query(`DROP TABLE bench_facts_sql`);
  if (onlySql + onlyRefresh > 0)
    throw new Error(`set-wise facts differ from the refresh's: ${onlySql} only in SQL, ${onlyRefresh} only refreshed`);
  return { issues: refreshed, facts: Number(rows[0]?.n ?? 0) };
}
