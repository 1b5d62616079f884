// Keeps the analytics facts (metric_fact) in step with the event log: the `analytics.refresh`
// job recomputes the facts of the issues a command touched whose logs grew since (incremental),
// from their whole logs, in batches, so the dashboards aggregate a few indexed rows per issue
// instead of replaying history.
import { isNull, sql } from "drizzle-orm";
import type { Tx } from "../db/connect";
import { selectRows } from "../db/raw";
import { issueEvents, issueMetricRefreshes, issues, metricFacts } from "../db/schema";
import { issueFacts, type LoggedEvent, METRIC_EVENT_TYPES, type MetricFact } from "../domain/metrics";
import { teamCalendars } from "../queries/sla";
import type { CommandRunner } from "./context";
import type { CommandJobPayload } from "./jobs";

/** Recomputes the facts of `issueIds` from their event logs (the `analytics.refresh` job). */
export async function refreshIssueMetrics(
  runner: CommandRunner,
  data: CommandJobPayload<"analytics.refresh">,
): Promise<void> {
  if (data.issueIds.length === 0) return;
  await runner.database.db.transaction((tx) => refreshIn(tx, data.workspaceId, data.issueIds));
}

async function refreshIn(tx: Tx, workspaceId: string, issueIds: readonly string[]): Promise<void> {
  const ids = [...new Set(issueIds)].sort();
  // The ids travel as one JSON parameter: thousands of bind parameters cost more than the work.
  const idList = sql`(SELECT json_array_elements_text(${JSON.stringify(ids)}::json)::uuid)`;
  // Two refreshes of one issue would each delete and insert its facts; the lock makes them take
  // turns (in id order, so they never wait on each other in a circle). Commands never take it.
  await tx.execute(
    sql`SELECT count(pg_advisory_xact_lock(hashtextextended(id, 0))) FROM (SELECT json_array_elements_text(${JSON.stringify(ids)}::json) AS id ORDER BY 1) AS ids`,
  );
  // Incremental: only issues whose log grew since their facts were computed (a count over
  // issue_event_issue_idx). The count is read before the events: logs only grow, so the facts
  // below include at least what it counted, and a refresh after any later commit sees more.
  const changed = await selectRows<{ id: string; event_count: string | number }>(
    tx,
    sql`SELECT ids.id, counted.n AS event_count FROM ${idList} AS ids(id)
        CROSS JOIN LATERAL (SELECT count(*) AS n FROM ${issueEvents} e WHERE e.issue_id = ids.id) AS counted
        LEFT JOIN ${issueMetricRefreshes} r ON r.issue_id = ids.id
        WHERE r.event_count IS NULL OR r.event_count <> counted.n`,
  );
  if (changed.length === 0) return;
  // FOR SHARE: the facts copy their issues' dimensions (team, assignee, …); a command changing
  // one of these issues waits until they are written, and then its trigger moves them. Read by
  // primary key alone (`= ANY` of one array parameter) and checked for the workspace here: a
  // plan choosing by statistics picked the workspace's index on a young workspace and scanned all
  // of it, events and facts too (22 ms a refresh in bench:email, growing with the workspace).
  const owned = (
    await selectRows<{ id: string; team_id: string | null; workspace_id: string }>(
      tx,
      sql`SELECT id, team_id, workspace_id FROM ${issues}
          WHERE id = ANY(${sql.param(changed.map((c) => c.id))}::uuid[]) ORDER BY id FOR SHARE`,
    )
  ).filter((r) => r.workspace_id === workspaceId);
  const teamOf = new Map(owned.map((r) => [r.id, r.team_id]));
  const counted = changed.filter((c) => teamOf.has(c.id));
  if (counted.length === 0) return;
  const ownedIds = sql`${sql.param(counted.map((c) => c.id))}::uuid[]`;
  const rows = await selectRows<{
    issue_id: string;
    type: LoggedEvent["type"];
    data: LoggedEvent["data"];
    actor_type: LoggedEvent["actorType"];
    created_at: string | Date;
  }>(
    tx,
    sql`SELECT ids.id AS issue_id, e.type, e.data, e.actor_type, e.created_at
        FROM unnest(${ownedIds}) AS ids(id)
        CROSS JOIN LATERAL (
          SELECT type, data, actor_type, created_at, seq FROM ${issueEvents}
          WHERE issue_id = ids.id AND type = ANY(${sql.param([...METRIC_EVENT_TYPES])}::text[])) AS e
        ORDER BY ids.id, e.seq`,
  );
  const logs = new Map<string, { events: LoggedEvent[] }>();
  for (const r of rows) {
    const log = logs.get(r.issue_id) ?? { events: [] };
    // The row's type and data are one member of the union (commands/events.ts writes them as pairs).
    log.events.push({
      type: r.type,
      data: typeof r.data === "string" ? JSON.parse(r.data) : r.data,
      actorType: r.actor_type,
      createdAt: new Date(r.created_at),
    } as LoggedEvent);
    logs.set(r.issue_id, log);
  }
  // Business seconds count each issue's calendar (its team's, else the workspace's default).
  const calendarOf = await teamCalendars(tx, workspaceId);
  const facts = [...logs].flatMap(([issueId, log]) =>
    issueFacts(log.events, calendarOf(teamOf.get(issueId) ?? null)).map((fact) => ({ issueId, ...fact })),
  );
  await tx.delete(metricFacts).where(sql`${metricFacts.issueId} = ANY(${ownedIds})`);
  if (facts.length > 0) await tx.execute(insertFactsStatement(workspaceId, facts));
  // The log position: how many events of any type it held (the facts read only some types).
  await tx.execute(
    sql`INSERT INTO ${issueMetricRefreshes} (issue_id, workspace_id, event_count)
        SELECT c.id::uuid, ${workspaceId}, c.n::bigint
        FROM json_to_recordset(${JSON.stringify(counted.map((c) => ({ id: c.id, n: Number(c.event_count) })))}::json)
          AS c(id text, n bigint)
        ON CONFLICT (issue_id) DO UPDATE SET event_count = excluded.event_count, refreshed_at = now()`,
  );
}

/**
 * One INSERT of many facts, a column per array parameter (`unnest`): PostgreSQL parses seven
 * arrays instead of a JSON record per row, about twice as fast for a batch of thousands. Each
 * fact copies its issue's current dimensions.
 */
function insertFactsStatement(workspaceId: string, facts: (MetricFact & { issueId: string })[]) {
  const column = <T>(read: (f: MetricFact & { issueId: string }) => T) => sql.param(facts.map(read));
  return sql`INSERT INTO ${metricFacts} (workspace_id, issue_id, kind, target, at, seconds, business_seconds, value,
      team_id, assignee_user_id, channel, priority, account_id)
    SELECT ${workspaceId}::uuid, f.*, i.team_id, i.assignee_user_id, i.channel, i.priority, i.account_id FROM unnest(
      ${column((f) => f.issueId)}::uuid[], ${column((f) => f.kind)}::text[], ${column((f) => f.target)}::text[],
      ${column((f) => f.at.toISOString())}::timestamptz[], ${column((f) => f.seconds)}::int[],
      ${column((f) => f.businessSeconds)}::int[], ${column((f) => f.value)}::float8[])
      AS f(issue_id, kind, target, at, seconds, business_seconds, value)
    JOIN ${issues} i ON i.id = f.issue_id`;
}

/**
 * Computes the facts of every issue that has none yet (existing issues after an upgrade, the
 * demo seed's replayed history, which enqueues no jobs), `batch` issues per transaction.
 * With `all`, recomputes every issue. Returns how many issues it computed.
 */
export async function refreshMissingIssueMetrics(
  runner: CommandRunner,
  options: { workspaceId?: string; batch?: number; all?: boolean } = {},
): Promise<number> {
  const batch = options.batch ?? 2000;
  let done = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const pending = await selectRows<{ id: string; workspace_id: string }>(
      runner.database.db,
      sql`SELECT ${issues.id} AS id, ${issues.workspaceId} AS workspace_id FROM ${issues}
          ${options.all ? sql`` : sql`LEFT JOIN ${issueMetricRefreshes} ON ${issueMetricRefreshes.issueId} = ${issues.id}`}
          WHERE ${issues.id} > ${after}::uuid
          ${options.all ? sql`` : sql`AND ${isNull(issueMetricRefreshes.issueId)}`}
          ${options.workspaceId ? sql`AND ${issues.workspaceId} = ${options.workspaceId}` : sql``}
          ORDER BY ${issues.id} LIMIT ${batch}`,
    );
    if (pending.length === 0) return done;
    const byWorkspace = new Map<string, string[]>();
    for (const { id, workspace_id } of pending) {
      const ids = byWorkspace.get(workspace_id) ?? [];
      ids.push(id);
      byWorkspace.set(workspace_id, ids);
    }
    await runner.database.db.transaction(async (tx) => {
      for (const [workspaceId, ids] of byWorkspace) await refreshIn(tx, workspaceId, ids);
    });
    done += pending.length;
    after = pending[pending.length - 1]?.id ?? after;
  }
}
