// The issue page: header with who else is here, the thread and composer, and the side panel.
import { useEffect, useState } from "react";
import { Link } from "wouter";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useCanWrite } from "../auth/useCanWrite";
import { useMe } from "../auth/useSession";
import { ChannelIcon, StateBadge } from "../issueDisplay/IssueBadges";
import { SlackThread } from "../issueDisplay/SlackThread";
import { QueuePlace } from "../loop/QueuePlace";
import { useIssueNavigation } from "../loop/useIssueNavigation";
import { useAnnouncePresence } from "../realtime/presence";
import { useHotkeys } from "../shortcuts/hotkeys";
import { SlaBadge } from "../sla/SlaBadge";
import { Composer } from "./Composer";
import { focusedIssue } from "./focus";
import { PresenceNotice } from "./PresenceNotice";
import { SidePanel } from "./SidePanel";
import { Thread } from "./Thread";
import { useIssue } from "./useIssue";
import { useIssueHotkeys } from "./useIssueHotkeys";
import "./issue.css";

export function IssuePage({ number }: { number: number }) {
  const issue = useIssue(number);
  const me = useMe();
  const typing = useAnnouncePresence(number, me.id);
  useIssueHotkeys(number);
  const nav = useIssueNavigation(number);
  const write = useCanWrite();
  // Below 1200 px the side panel folds away (panel.css); this opens it over the thread.
  const [panelOpen, setPanelOpen] = useState(false);
  useHotkeys({ "]": () => setPanelOpen((open) => !open) });
  useEffect(() => {
    focusedIssue.set(number);
    return () => focusedIssue.set(null);
  }, [number]);

  if (issue.isPending) {
    return (
      <div className="issue-page" aria-busy="true">
        <p className="state-line">Loading issue #{number}…</p>
      </div>
    );
  }
  if (issue.isError) return <ErrorNotice error={issue.error} onRetry={() => issue.refetch()} />;
  const i = issue.data;
  return (
    <div className={panelOpen ? "issue-page panel-open" : "issue-page"}>
      <section className="issue-main" aria-labelledby="issue-title">
        <header className="issue-head">
          <div className="issue-head-line">
            <span className="muted">#{i.number}</span>
            <StateBadge state={i.state} />
            <ChannelIcon channel={i.channel} />
            <SlackThread issue={i} />
            <SlaBadge sla={i.sla} long />
            <span className="muted">
              {i.requester?.name ?? "Unknown requester"}
              {i.account && ` · ${i.account.name}`}
            </span>
            <QueuePlace nav={nav} />
            <button
              type="button"
              className="button small details-toggle"
              aria-expanded={panelOpen}
              onClick={() => setPanelOpen((open) => !open)}
            >
              {panelOpen ? "Hide details" : "Details"} <kbd>]</kbd>
            </button>
          </div>
          <h1 id="issue-title">{i.title}</h1>
          {i.broadcast && (
            <p className="issue-broadcast muted small">
              Reply to broadcast <Link href={`/broadcasts/${i.broadcast.id}`}>{i.broadcast.title}</Link>
            </p>
          )}
          <PresenceNotice number={number} />
        </header>
        <Thread number={number} />
        {write.can ? (
          <Composer issue={i} onTyping={typing} onSentNext={nav.place ? nav.next : undefined} />
        ) : (
          <p className="composer read-only-note muted">{write.reason}</p>
        )}
      </section>
      <SidePanel issue={i} />
    </div>
  );
}
