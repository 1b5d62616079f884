// Broadcasts: proactive messages to many customers (incidents, product updates). The list with
// status and delivered / failed / replied counts; a draft opens in the composer, anything else in
// its delivery view (recipients and their statuses).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useLocation, useRoute } from "wouter";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { dateLabel } from "../../ui/time";
import { showError } from "../../ui/toasts";
import { type Broadcast, broadcastsKey, createBroadcast, getBroadcast, listBroadcasts } from "./api";
import { BroadcastComposer } from "./BroadcastComposer";
import { BroadcastDelivery } from "./BroadcastDelivery";
import "./broadcasts.css";

export const STATUS_LABEL: Record<Broadcast["status"], string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  sent: "Sent",
  cancelled: "Cancelled",
};
export const CHANNELS_LABEL: Record<Broadcast["channels"], string> = {
  slack: "Slack",
  email: "Email",
  both: "Slack + email",
};

export function BroadcastsPage() {
  const [match, params] = useRoute("/broadcasts/:id");
  if (match && params.id) return <BroadcastRoute key={params.id} id={params.id} />;
  return <BroadcastList />;
}

function BroadcastList() {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const list = useQuery({ queryKey: [...broadcastsKey, "list"], queryFn: ({ signal }) => listBroadcasts(signal) });
  const create = useMutation({
    mutationFn: () =>
      createBroadcast({
        title: "Untitled broadcast",
        body: "Hi {{contact.first_name|there}},\n\n",
        audience: { kind: "condition", condition: { all: [{ field: "account.type", op: "in", value: ["customer"] }] } },
        channels: "slack",
        contactRoles: [],
      }),
    onSuccess: (b) => {
      void queryClient.invalidateQueries({ queryKey: broadcastsKey });
      navigate(`/broadcasts/${b.id}`);
    },
    onError: (error) => showError("Could not start a broadcast", error),
  });
  return (
    <div className="bc-page">
      <header className="bc-head">
        <h1>Broadcasts</h1>
        <p className="muted">Tell many customers at once — an incident, a maintenance window, a product update.</p>
        <span className="grow" />
        <button type="button" className="button primary" onClick={() => create.mutate()} disabled={create.isPending}>
          New broadcast
        </button>
      </header>
      {list.isError && <ErrorNotice error={list.error} onRetry={() => list.refetch()} />}
      {list.isPending && <p className="state-line">Loading broadcasts…</p>}
      {list.data?.length === 0 && (
        <div className="bc-empty">
          <p>No broadcasts yet.</p>
          <p className="muted">
            Compose one message, choose the accounts (by tier, type, owner, tags or a list) and where it goes: each
            account's shared Slack channel, email to its contacts, or both. Replies become issues.
          </p>
        </div>
      )}
      {list.data && list.data.length > 0 && (
        <table className="bc-table">
          <thead>
            <tr>
              <th>Title</th>
              <th>Status</th>
              <th>Channels</th>
              <th className="num">Delivered</th>
              <th className="num">Failed</th>
              <th className="num">Replied</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((b) => (
              <tr key={b.id}>
                <td>
                  <Link href={`/broadcasts/${b.id}`}>{b.title}</Link>
                </td>
                <td>
                  <span className={`bc-status bc-${b.status}`}>{STATUS_LABEL[b.status]}</span>
                </td>
                <td>{CHANNELS_LABEL[b.channels]}</td>
                <td className="num">{b.counts.delivered}</td>
                <td className={b.counts.failed > 0 ? "num bc-failed-count" : "num"}>{b.counts.failed}</td>
                <td className="num">{b.counts.replied}</td>
                <td className="muted">{dateLabel(b.sentAt ?? b.scheduledAt ?? b.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function BroadcastRoute({ id }: { id: string }) {
  const broadcast = useQuery({ queryKey: [...broadcastsKey, id], queryFn: ({ signal }) => getBroadcast(id, signal) });
  return (
    <div className="bc-page">
      <nav className="bc-crumbs">
        <Link href="/broadcasts">← Broadcasts</Link>
      </nav>
      {broadcast.isError && <ErrorNotice error={broadcast.error} onRetry={() => broadcast.refetch()} />}
      {broadcast.isPending && <p className="state-line">Loading…</p>}
      {broadcast.data &&
        (broadcast.data.status === "draft" ? (
          <BroadcastComposer broadcast={broadcast.data} />
        ) : (
          <BroadcastDelivery broadcast={broadcast.data} />
        ))}
    </div>
  );
}
