// The issue page: header with who else is here, the thread and composer, and the side panel.
import { useEffect } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useCanWrite } from "../auth/useCanWrite";
import { useMe } from "../auth/useSession";
import { ChannelIcon, StateBadge } from "../issueDisplay/IssueBadges";
import { SlackThread } from "../issueDisplay/SlackThread";
import { QueuePlace } from "../loop/QueuePlace";
import { useIssueNavigation } from "../loop/useIssueNavigation";
import { useAnnouncePresence } from "../realtime/presence";
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
    <div className="issue-page">
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
          </div>
          <h1 id="issue-title">{i.title}</h1>
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
