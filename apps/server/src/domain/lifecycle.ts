// The issue lifecycle: which state an issue moves to when something happens to it.
// Pure: every channel and command asks these functions, so the rule lives in one place.
import { issueStates, priorities } from "@switchboard/api/vocabulary";

// The words are the API vocabulary's: one list for server, clients and database.
export const ISSUE_STATES = issueStates;
export type IssueState = (typeof ISSUE_STATES)[number];

export const PRIORITIES = priorities;
export type Priority = (typeof PRIORITIES)[number];

/** Lower sorts first: the kanban is worked top to bottom. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = {
  urgent: 0,
  high: 1,
  medium: 2,
  low: 3,
  none: 4,
};

export type LifecycleEvent =
  | { kind: "customer_message" }
  | { kind: "agent_public_reply" }
  | { kind: "internal_note" }
  | { kind: "manual"; to: IssueState };

export type Transition = { ok: true; state: IssueState; reopened: boolean } | { ok: false; reason: string };

/**
 * Where an issue goes next.
 * - A customer writing means the ball is in our court (`on_you`); writing to a closed
 *   issue reopens it. A brand-new issue stays `new` until someone touches it.
 * - An agent's public reply hands the ball back (`on_customer`), unless the issue is closed.
 * - Internal notes never move an issue.
 * - Manual moves may go anywhere except back to `new`, which only an unanswered issue has.
 */
export function nextState(current: IssueState, event: LifecycleEvent): Transition {
  switch (event.kind) {
    case "customer_message":
      if (current === "new") return stay(current);
      return { ok: true, state: "on_you", reopened: current === "closed" };
    case "agent_public_reply":
      return current === "closed" ? stay(current) : move("on_customer");
    case "internal_note":
      return stay(current);
    case "manual":
      if (event.to === "new" && current !== "new") {
        return { ok: false, reason: "An issue cannot be moved back to New once it has been worked." };
      }
      return { ok: true, state: event.to, reopened: current === "closed" && event.to !== "closed" };
  }
}

function stay(state: IssueState): Transition {
  return { ok: true, state, reopened: false };
}

function move(state: IssueState): Transition {
  return { ok: true, state, reopened: false };
}

export const isOpen = (state: IssueState): boolean => state !== "closed";

export interface MessageActivity {
  lastMessageAt: Date;
  lastCustomerMessageAt?: Date;
  firstResponseAt?: Date;
}

/**
 * The activity times a message stamps on its issue: every message is the latest; a customer's is
 * the latest customer message; an agent's first public reply is the first response. A message
 * that sorts before others already there (a Slack message delivered late) moves no time back.
 */
export function messageActivity(
  issue: { firstResponseAt: Date | null; lastMessageAt?: Date | null; lastCustomerMessageAt?: Date | null },
  event: LifecycleEvent,
  at: Date,
): MessageActivity {
  const latest = (known: Date | null | undefined) => (known && known.getTime() > at.getTime() ? known : at);
  return {
    lastMessageAt: latest(issue.lastMessageAt),
    ...(event.kind === "customer_message" ? { lastCustomerMessageAt: latest(issue.lastCustomerMessageAt) } : {}),
    ...(event.kind === "agent_public_reply" && !issue.firstResponseAt ? { firstResponseAt: at } : {}),
  };
}
