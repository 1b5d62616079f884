// The issue event log (DESIGN principle 4) as one discriminated union: each event type with the
// exact shape of its data. Analytics, SLA timers, audit and AI training read this history, so a
// renamed or retyped field must fail the build here, not a dashboard later.
import { issueEventTypes, type TriggerEvent } from "@switchboard/api";
import type { ChannelKind } from "./channel";
import type { IssueState, Priority } from "./lifecycle";

/** Who wrote a message (the message row's author type). */
export type MessageAuthorType = "contact" | "user" | "agent" | "system";
/** Who set an issue's priority. */
export type PrioritySetBy = "user" | "ai" | "trigger" | "default";
/** What an AI decision decided (the ai_decision row's kind). */
export type AiDecisionKind = "route" | "priority" | "field" | "draft" | "summary" | "answer";

type Assignee = {
  userId: string | null;
  agentId: string | null;
};

/** A trigger that ran: what it was asked about, its conditions as evaluated, what it did. */
export type TriggerRunData = {
  triggerId: string;
  name: string;
  event: TriggerEvent;
  pass: number;
  /** The condition trace of the trigger's evaluation, as the condition language reports it. */
  conditions: readonly unknown[];
  /** One line per action applied; empty when the run failed and rolled back. */
  actions: string[];
  /** Why the run rolled back (a team or user it names is gone, …). */
  error?: string;
};

/** Triggers kept changing the issue; the run stopped after this many passes. */
export type TriggerLoopData = {
  event: TriggerEvent;
  stopped: string;
};

/** A Slack reaction on a message of the issue (`resolution` when it closes the issue). */
export type ReactionData = {
  messageId: string;
  emoji: string;
  slackUserId: string;
  removed: boolean;
  onAuthorType: MessageAuthorType;
  resolution?: true;
};

/** A reaction on a thread's message split it off into a new issue. */
export type ReactionSplitData = {
  split: true;
  intoIssueNumber: number;
};

export type IssueEvent =
  /** `defaultTeamId`: the channel's team (an inbox's), given only if no trigger on creation sets one. */
  | {
      type: "created";
      data: { channel: ChannelKind; teamId: string | null; accountId: string | null; defaultTeamId?: string };
    }
  | { type: "message"; data: { messageId: string; authorType: MessageAuthorType; visibility: "public" | "internal" } }
  | { type: "state"; data: { from: IssueState; to: IssueState } }
  | { type: "reopened"; data: Record<string, never> }
  | { type: "assignee"; data: { from: Assignee; to: Assignee } }
  /** `reason` when the move was not a person's choice (the team was deleted). */
  | { type: "team"; data: { from: string | null; to: string | null; reason?: string } }
  | { type: "priority"; data: { from: Priority; to: Priority; setBy: PrioritySetBy; reason?: string } }
  | { type: "tags"; data: { added: string[]; removed: string[] } }
  /** A custom field's value; values are as the field's type checked them (null: cleared). */
  | { type: "field"; data: { key: string; from: unknown; to: unknown } }
  | { type: "title"; data: { from: string; to: string } }
  /** This issue was merged into issue number `into`. */
  | { type: "merged"; data: { into: number } }
  /** Issue number `from` was merged into this one. */
  | { type: "merged_from"; data: { from: number } }
  | { type: "message_edited"; data: { messageId: string; previousText: string; text: string } }
  | { type: "message_deleted"; data: { messageId: string; previousText: string } }
  /** A person took their reply back within the undo window, before delivery started. */
  | { type: "message_withdrawn"; data: { messageId: string; previousText: string } }
  | { type: "reaction"; data: ReactionData | ReactionSplitData }
  /** A follow-up issue opened for a reply to an issue closed too long ago (both sides record it). */
  | { type: "linked"; data: { relation: "follow_up" | "follow_up_of"; issueId: string; number: number } }
  /** Routing: a trigger run (what matched, what it did). */
  | { type: "trigger"; data: TriggerRunData | TriggerLoopData }
  /**
   * A reply whose earlier delivery attempt ended with no known outcome (the process died mid-send):
   * `found` already in the channel (Slack thread) and not sent again, or `resent` under the same id.
   */
  | {
      type: "delivery_recovered";
      data: { messageId: string; channel: ChannelKind; outcome: "found" | "resent"; note: string };
    }
  /** Routing: an AI decision (route, priority) with its reason. */
  | {
      type: "ai_decision";
      data: {
        decisionId: string;
        kind: AiDecisionKind;
        output: Record<string, unknown>;
        confidence: number | null;
        reason: string | null;
      };
    }
  /** SLA: the policy that applies to the issue now (null: none matches any more), with its due times. */
  | {
      type: "sla_applied";
      data: {
        policyId: string | null;
        name: string | null;
        firstResponseDueAt: string | null;
        nextResponseDueAt: string | null;
        resolutionDueAt: string | null;
      };
    }
  /** SLA: a target was missed (recorded once per target and per due time). */
  | {
      type: "sla_breached";
      data: { policyId: string; target: "first_response" | "next_response" | "resolution"; dueAt: string };
    }
  /** CSAT: the customer rated resolution number `resolution` (1 + reopenings); `updated`: a changed answer. */
  | { type: "csat"; data: CsatData }
  /** CSAT: a survey about resolution number `resolution` went out in `channel` (on `scale`). */
  | { type: "csat_requested"; data: { channel: ChannelKind; resolution: number; scale: "1-5" | "thumbs" } };

/** A CSAT answer: 1–5, the channel it came through, and the optional comment. */
export type CsatData = {
  score: number;
  comment: string | null;
  channel: ChannelKind;
  resolution: number;
  updated: boolean;
};

export type IssueEventType = IssueEvent["type"];
export type IssueEventData = IssueEvent["data"];
/** The data of one event type. */
export type IssueEventDataOf<T extends IssueEventType> = Extract<IssueEvent, { type: T }>["data"];

/**
 * Every event type, for readers that filter the log by type. The list is the API's (webhooks
 * subscribe to these); events.test.ts checks that it names exactly the union above.
 */
export const ISSUE_EVENT_TYPES = issueEventTypes satisfies readonly IssueEventType[];

export function isIssueEventType(type: string): type is IssueEventType {
  return (ISSUE_EVENT_TYPES as readonly string[]).includes(type);
}
