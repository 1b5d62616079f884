// A broadcast being (or done being) delivered: its counts (and per channel: delivered, failed,
// replies, reply rate), cancel while it is scheduled or sending,
// retry of failures, and the recipients with their statuses (failed with the reason, replied
// with the issue the reply opened).
import { broadcastRecipientStatuses } from "@switchboard/api/vocabulary";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { dateLabel } from "../../ui/time";
import { showError, showToast } from "../../ui/toasts";
import { ChannelIcon } from "../issueDisplay/IssueBadges";
import { type Broadcast, broadcastsKey, cancelBroadcast, listRecipients, retryFailed } from "./api";
import { CHANNELS_LABEL, STATUS_LABEL } from "./BroadcastsPage";

export function BroadcastDelivery({ broadcast: b }: { broadcast: Broadcast }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: broadcastsKey });
  const cancel = useMutation({
    mutationFn: () => cancelBroadcast(b.id),
    onSuccess: refresh,
    onError: (error) => showError("Could not cancel", error),
  });
  const retry = useMutation({
    mutationFn: () => retryFailed(b.id),
    onSuccess: (r) => {
      showToast(r.retried > 0 ? `Retrying ${r.retried} failed recipients.` : "Nothing to retry.");
      void refresh();
    },
    onError: (error) => showError("Could not retry", error),
  });
  const c = b.counts;
  const when =
    b.status === "scheduled" && b.scheduledAt
      ? `Scheduled for ${new Date(b.scheduledAt).toLocaleString()}`
      : b.sentAt
        ? `Sent ${dateLabel(b.sentAt)}`
        : b.cancelledAt
          ? `Cancelled ${dateLabel(b.cancelledAt)}`
          : b.startedAt
            ? `Started ${dateLabel(b.startedAt)}`
            : "";
  return (
    <div className="bc-delivery">
      <header className="bc-head">
        <div>
          <h1>{b.title}</h1>
          <p className="muted">
            <span className={`bc-status bc-${b.status}`}>{STATUS_LABEL[b.status]}</span> · {CHANNELS_LABEL[b.channels]}
            {when && ` · ${when}`}
            {b.createdBy && ` · by ${b.createdBy.name}`}
          </p>
        </div>
        <span className="grow" />
        {c.failed > 0 && (b.status === "sent" || b.status === "sending") && (
          <button type="button" className="button" onClick={() => retry.mutate()} disabled={retry.isPending}>
            Retry failed ({c.failed})
          </button>
        )}
        {(b.status === "scheduled" || b.status === "sending") && (
          <button type="button" className="button danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            Cancel
          </button>
        )}
      </header>
      <dl className="bc-stats">
        <Stat label="Recipients" value={c.total} />
        <Stat label="Delivered" value={c.delivered} />
        <Stat label="Waiting" value={c.queued + c.sending} />
        <Stat label="Failed" value={c.failed} tone={c.failed > 0 ? "bad" : undefined} />
        <Stat label="Replied" value={c.replied} />
        {c.cancelled > 0 && <Stat label="Cancelled" value={c.cancelled} />}
      </dl>
      <ByChannel broadcast={b} />
      <details className="bc-message">
        <summary>Message</summary>
        <pre className="bc-text">{b.body}</pre>
      </details>
      <Recipients id={b.id} version={b.updatedAt + JSON.stringify(c)} />
    </div>
  );
}

const percent = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)} %` : "—");

/** Delivered, failed and replies for each channel the broadcast went to, with the reply rate. */
function ByChannel({ broadcast: b }: { broadcast: Broadcast }) {
  const rows = (
    [
      ["slack", "Slack channels"],
      ["email", "Emails"],
    ] as const
  ).filter(([channel]) => b.byChannel[channel].total > 0);
  if (rows.length === 0) return null;
  return (
    <table className="bc-table bc-by-channel" aria-label="By channel">
      <thead>
        <tr>
          <th>Channel</th>
          <th className="num">Recipients</th>
          <th className="num">Delivered</th>
          <th className="num">Failed</th>
          <th className="num">Replies</th>
          <th className="num">Reply rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([channel, label]) => {
          const k = b.byChannel[channel];
          return (
            <tr key={channel}>
              <td>
                <ChannelIcon channel={channel} /> {label}
              </td>
              <td className="num">{k.total}</td>
              <td className="num">{k.delivered}</td>
              <td className={k.failed > 0 ? "num bc-failed-count" : "num"}>{k.failed}</td>
              <td className="num">{k.replied}</td>
              <td className="num">{percent(k.replied, k.delivered)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: "bad" }) {
  return (
    <div className={tone === "bad" ? "bc-stat bad" : "bc-stat"}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

const RECIPIENT_LABEL: Record<(typeof broadcastRecipientStatuses)[number], string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  replied: "Replied",
  cancelled: "Cancelled",
};

function Recipients({ id, version }: { id: string; version: string }) {
  const [status, setStatus] = useState("");
  const pages = useInfiniteQuery({
    queryKey: [...broadcastsKey, id, "recipients", status, version],
    queryFn: ({ pageParam, signal }) => listRecipients(id, status, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="bc-recipients">
      <div className="bc-row">
        <h2>Recipients</h2>
        <span className="grow" />
        <label className="field inline">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All</option>
            {broadcastRecipientStatuses.map((s) => (
              <option key={s} value={s}>
                {RECIPIENT_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {pages.isError && <ErrorNotice error={pages.error} onRetry={() => pages.refetch()} />}
      {pages.isPending && <p className="state-line">Loading recipients…</p>}
      {!pages.isPending && rows.length === 0 && (
        <p className="state-line empty">
          {status ? "No recipients with this status." : "Recipients are listed once sending begins."}
        </p>
      )}
      {rows.length > 0 && (
        <table className="bc-table">
          <thead>
            <tr>
              <th>Account</th>
              <th>Channel</th>
              <th>To</th>
              <th>Status</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.account?.name ?? "—"}</td>
                <td>
                  <span className="bc-channel">
                    <ChannelIcon channel={r.channel} />
                    {r.channel === "slack" ? "Slack" : "Email"}
                  </span>
                </td>
                <td>
                  {r.to}
                  {r.contact && <span className="muted"> · {r.contact.name}</span>}
                </td>
                <td>
                  <span className={`bc-rstatus bc-r-${r.status}`}>{RECIPIENT_LABEL[r.status]}</span>
                </td>
                <td>
                  <span className="bc-detail">
                    {r.issueNumber && <Link href={`/issues/${r.issueNumber}`}>Issue #{r.issueNumber}</Link>}
                    {r.error && <span className="bc-error">{r.error}</span>}
                    {!r.issueNumber && !r.error && r.sentAt && <span className="muted">{dateLabel(r.sentAt)}</span>}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.hasNextPage && (
        <button
          type="button"
          className="button small"
          onClick={() => pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
        >
          Load more
        </button>
      )}
    </section>
  );
}
