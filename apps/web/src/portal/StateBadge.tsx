// An issue's state in the customer's words.
import type { PortalIssue } from "@switchboard/api";

const WORDS: Record<PortalIssue["state"], string> = {
  open: "Open",
  waiting_on_you: "Waiting on you",
  resolved: "Resolved",
};

export function StateBadge({ state }: { state: PortalIssue["state"] }) {
  return <span className={`portal-state portal-state-${state}`}>{WORDS[state]}</span>;
}
