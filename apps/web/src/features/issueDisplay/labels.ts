// Display names for issue enums, in the words agents use.
import { issueStates, priorities } from "@switchboard/api/vocabulary";
import type { Channel, IssueState, Priority } from "../../api/types";

export const STATE_LABELS: Record<IssueState, string> = {
  new: "New",
  on_you: "On you",
  on_customer: "On customer",
  on_hold: "On hold",
  closed: "Closed",
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  urgent: "Urgent",
  high: "High",
  medium: "Medium",
  low: "Low",
  none: "No priority",
};

export const ISSUE_STATES: readonly IssueState[] = issueStates;

export const isIssueState = (value: string): value is IssueState => value in STATE_LABELS;

export const CHANNEL_LABELS: Record<Channel, string> = {
  slack: "Slack",
  email: "Email",
  widget: "Chat widget",
  portal: "Portal",
  api: "API",
};

export const PRIORITIES: readonly Priority[] = priorities;
