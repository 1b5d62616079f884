// Keeps the analytics facts (metric_fact) in step with the event log: the `analytics.refresh`
// job recomputes the facts of the issues a command touched, from their whole logs, so the
// dashboards aggregate a few indexed rows per issue instead of replaying history.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "../db/connect";
import { insertJsonRowsStatement } from "../db/jsonRows";
import { selectRows } from "../db/raw";
import { issueEvents, issueMetricRefreshes, issues, metricFacts } from "../db/schema";
import { issueFacts, type LoggedEvent } from "../domain/metrics";
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
  const rows = await tx
    .select({
      issueId: issueEvents.issueId,
      seq: issueEvents.seq,
      type: issueEvents.type,
      data: issueEvents.data,
      actorType: issueEvents.actorType,
      createdAt: issueEvents.createdAt,
    })
    .from(issueEvents)
    .where(and(eq(issueEvents.workspaceId, workspaceId), sql`${issueEvents.issueId} IN ${idList}`))
    .orderBy(issueEvents.issueId, issueEvents.seq);
  const logs = new Map<string, { seq: number; events: LoggedEvent[] }>();
  for (const { issueId, seq, ...event } of rows) {
    const log = logs.get(issueId) ?? { seq, events: [] };
    // The row's type and data are one member of the union (commands/events.ts writes them as pairs).
    log.events.push(event as LoggedEvent);
    log.seq = seq;
    logs.set(issueId, log);
  }
  const facts = [...logs].flatMap(([issueId, log]) =>
    issueFacts(log.events).map((fact) => ({ workspaceId, issueId, ...fact })),
  );
  await tx
    .delete(metricFacts)
    .where(and(eq(metricFacts.workspaceId, workspaceId), sql`${metricFacts.issueId} IN ${idList}`));
  if (facts.length > 0) await tx.execute(insertJsonRowsStatement(metricFacts, facts));
  const refreshed = [...logs].map(([issueId, log]) => ({ issueId, workspaceId, seq: log.seq }));
  if (refreshed.length > 0) {
    await tx.execute(
      sql`${insertJsonRowsStatement(issueMetricRefreshes, refreshed)} ON CONFLICT (issue_id) DO UPDATE SET seq = excluded.seq, refreshed_at = now()`,
    );
  }
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
