// Slack: connect the workspace's Slack app, then map each shared channel to the customer
// account it belongs to. With a thousand channels, unmapped ones come first, suggestions are
// one click, and the list is searched and shown a page at a time.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Account } from "../../../api/types";
import { ErrorNotice } from "../../../ui/ErrorNotice";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { type Column, NotAvailable, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { isMissingRoute, useSettingsList, useSettingsMutation } from "../useSettings";
import { SlackConnectionPanel } from "./SlackConnectionPanel";
import { getConnection, mapChannel, type SlackChannel } from "./slackApi";

const PAGE = 50;

export function SlackSection() {
  const connection = useQuery({
    queryKey: ["directory", "settings", "slack-connection"],
    queryFn: ({ signal }) => getConnection(signal),
    retry: (count, error) => !isMissingRoute(error) && count < 2,
  });
  return (
    <Section
      title="Slack channels"
      description="Messages in a shared Slack channel become issues on the channel's account. Map each channel to its customer; unmapped channels are not turned into issues."
    >
      {connection.isPending && <p className="state-line">Loading Slack settings…</p>}
      {connection.isError &&
        (isMissingRoute(connection.error) ? (
          <NotAvailable noun="Slack" />
        ) : (
          <ErrorNotice error={connection.error} onRetry={() => connection.refetch()} />
        ))}
      {connection.data && <SlackConnectionPanel connection={connection.data} />}
      {connection.data?.connected && <Channels />}
    </Section>
  );
}

function Channels() {
  const canEdit = useCanEdit();
  const channels = useSettingsList<SlackChannel>("/slack/channels");
  const accounts = useSettingsList<Account>("/accounts?limit=200");
  const [search, setSearch] = useState("");
  const [unmappedOnly, setUnmappedOnly] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const map = useSettingsMutation(
    ({ channel, input }: { channel: SlackChannel; input: Parameters<typeof mapChannel>[1] }) =>
      mapChannel(channel.id, input),
  );
  const change = (channel: SlackChannel, input: Parameters<typeof mapChannel>[1], done?: string) =>
    map.mutate(
      { channel, input },
      { onSuccess: () => done && showToast(done), onError: (e) => showError(`Could not update #${channel.name}`, e) },
    );

  const needle = search.trim().toLowerCase().replace(/^#/, "");
  const filtered = (channels.data ?? []).filter(
    (c) =>
      (!unmappedOnly || !c.mapped) &&
      (!needle || c.name.toLowerCase().includes(needle) || c.account?.name.toLowerCase().includes(needle)),
  );
  const unmapped = (channels.data ?? []).filter((c) => !c.mapped).length;

  const columns: Column<SlackChannel>[] = [
    {
      header: "Channel",
      cell: (c) => (
        <span className="channel-name">
          <strong>#{c.name}</strong>
          {c.isExtShared && <span className="badge kind-scoped">Shared</span>}
          {c.isPrivate && <span className="badge rule">Private</span>}
          {!c.isMember && (
            <span className="badge quarantine-pending" title="Invite the Switchboard bot to the channel">
              Bot not in channel
            </span>
          )}
        </span>
      ),
    },
    {
      header: "Account",
      cell: (c) =>
        canEdit ? (
          <select
            aria-label={`Account for #${c.name}`}
            value={c.account?.id ?? ""}
            disabled={map.isPending}
            onChange={(e) => change(c, { accountId: e.target.value || null })}
          >
            <option value="">Not mapped</option>
            {(accounts.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        ) : (
          (c.account?.name ?? <span className="muted">Not mapped</span>)
        ),
    },
    {
      header: "Suggestion",
      className: "wide",
      cell: (c) =>
        c.suggestion ? (
          <span className="suggestion">
            {canEdit ? (
              <button
                type="button"
                className="button small"
                disabled={map.isPending}
                onClick={() =>
                  change(c, { accountId: c.suggestion?.accountId }, `#${c.name} → ${c.suggestion?.accountName}`)
                }
              >
                Map to {c.suggestion.accountName}
              </button>
            ) : (
              <strong>{c.suggestion.accountName}</strong>
            )}
            <span className="muted small">{c.suggestion.reason}</span>
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      header: "Creates issues from",
      cell: (c) =>
        canEdit ? (
          <select
            aria-label={`Issue mode for #${c.name}`}
            value={c.mode}
            disabled={map.isPending}
            onChange={(e) => change(c, { mode: e.target.value === "reaction" ? "reaction" : "all" })}
          >
            <option value="all">Every message</option>
            <option value="reaction">Emoji reaction only</option>
          </select>
        ) : c.mode === "all" ? (
          "Every message"
        ) : (
          "Emoji reaction only"
        ),
    },
  ];

  return (
    <div className="slack-channels">
      <div className="subsection-head">
        <h3>
          Channels{" "}
          {channels.data && (
            <span className="muted small">
              {channels.data.length} in total · {unmapped} not mapped
            </span>
          )}
        </h3>
        <div className="filters">
          <input
            type="search"
            aria-label="Search channels"
            placeholder="Search channels or accounts…"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setShown(PAGE);
            }}
          />
          <label className="field inline small">
            <input type="checkbox" checked={unmappedOnly} onChange={(e) => setUnmappedOnly(e.target.checked)} />
            Unmapped only
          </label>
        </div>
      </div>
      <ResourceTable
        label="Slack channels"
        noun="Slack channels"
        query={{ ...channels, data: channels.data && filtered.slice(0, shown) }}
        columns={columns}
        rowKey={(c) => c.id}
        empty={
          channels.data?.length
            ? "No channel matches."
            : "No channels yet. Invite the Switchboard bot to your shared channels, then sync."
        }
      />
      {filtered.length > shown && (
        <div className="load-more">
          <button type="button" className="button" onClick={() => setShown((n) => n + PAGE)}>
            Show {Math.min(PAGE, filtered.length - shown)} more of {filtered.length - shown}
          </button>
        </div>
      )}
    </div>
  );
}
