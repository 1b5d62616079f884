// Everything about the issue beside the thread: properties, custom fields, the account and
// requester, the account's other open issues, AI decisions and the event timeline.
import type { Issue } from "../../api/types";
import { InternalThreadsPanel } from "../internalThreads/InternalThreadsPanel";
import { KnowledgePanel } from "../knowledge/KnowledgePanel";
import { LinearPanel } from "../linear/LinearPanel";
import { AccountCard } from "./AccountCard";
import { AiDecisions } from "./AiDecisions";
import { CustomFieldsSection } from "./CustomFieldsSection";
import { EventTimeline } from "./EventTimeline";
import { Properties } from "./Properties";
import "./panel.css";

export function SidePanel({ issue }: { issue: Issue }) {
  return (
    <aside className="side-panel" aria-label="Issue details">
      <Properties issue={issue} />
      <CustomFieldsSection issue={issue} />
      <AccountCard issue={issue} />
      <InternalThreadsPanel issue={issue} />
      <LinearPanel issue={issue} />
      <KnowledgePanel number={issue.number} />
      <AiDecisions number={issue.number} />
      <EventTimeline number={issue.number} />
    </aside>
  );
}
