// Replays the planned conversations through the commands, each step at its own historic time
// (CommandContext.now): customer messages arrive through ingestInbound as their channel would
// deliver them; routing, assignment, replies, notes and state changes are the same commands
// agents use.

import type { Actor, CommandContext } from "../../commands/context";
import { ingestInbound } from "../../commands/inbound";
import type { InboundMessage } from "../../commands/inboundMessage";
import { changeLockedIssueState, updateIssue } from "../../commands/issues";
import type { IssueRow } from "../../commands/lookup";
import { replyToLockedIssue } from "../../commands/messages";
import { DEMO_ACCOUNTS, domainOf } from "./accounts";
import type { IssueScript, Step } from "./conversations";
import { actorOf, type DemoDirectory, need } from "./setup";

const ROUTING: Actor = { type: "system", name: "Routing rules" };
const TEAM_INBOX = {
  Support: "support",
  "Customer Success": "success",
  Migrations: "support",
  Sales: "sales",
  Billing: "billing",
};

export async function replayConversations(
  ctx: CommandContext,
  dir: DemoDirectory,
  scripts: readonly IssueScript[],
  companyDomain: string,
): Promise<void> {
  for (const [index, script] of scripts.entries()) await replayOne(ctx, dir, script, index, companyDomain);
}

async function replayOne(
  base: CommandContext,
  dir: DemoDirectory,
  s: IssueScript,
  index: number,
  companyDomain: string,
) {
  const clock = { at: s.steps[0]?.at ?? new Date() };
  // Nobody is watching history being written, so the replay announces nothing in real time.
  const as = (actor: Actor): CommandContext => ({ ...base, actor, now: () => clock.at, notify: async () => {} });
  const agent = () => actorOf(need(dir.people, s.assignee ?? "priya"));
  const thread = threadOf(s, index, dir, base.workspaceId, companyDomain);
  // The conversation's issue as its last step stored it, locked since it was opened: each step
  // hands it to the next instead of the command reading it again (and intake finding the thread,
  // and checking for a retried delivery: every message of the replay is new).
  let issue: IssueRow | null = null;
  const current = () => {
    if (!issue) throw new Error(`conversation ${index} does not start with the customer`);
    return issue;
  };
  for (const step of s.steps) {
    clock.at = step.at;
    switch (step.kind) {
      case "customer": {
        const intake = as({ type: "system", name: `${s.channel} intake` });
        issue = (await ingestInbound(intake, thread.inbound(step), { thread: issue, knownNew: true })).issue;
        break;
      }
      case "route":
        issue = await updateIssue(as(ROUTING), current(), {
          teamId: need(dir.teams, s.team),
          priority: { to: s.priority, setBy: "trigger" },
        });
        break;
      case "take":
        issue = await updateIssue(as(agent()), current(), {
          assigneeUserId: need(dir.people, s.assignee ?? "priya").id,
          tags: s.tags,
          customFields: { category: s.template.category, product_area: s.template.area },
        });
        break;
      case "reply":
        // Historic replies went out long ago: record them as delivered, never send them again.
        issue = (
          await replyToLockedIssue(as(agent()), current(), {
            visibility: "public",
            bodyText: step.text,
            inbound: true,
            externalId: thread.replyId(step),
          })
        ).issue;
        break;
      case "note":
        issue = (
          await replyToLockedIssue(as(actorOf(need(dir.people, step.by))), current(), {
            visibility: "internal",
            bodyText: step.text,
          })
        ).issue;
        break;
      case "state":
        issue = await changeLockedIssueState(as(agent()), current(), step.to);
        break;
    }
  }
}

/** Channel identities of one conversation: Slack channel and timestamps, email Message-IDs, widget ids. */
export function threadOf(
  s: IssueScript,
  index: number,
  dir: DemoDirectory,
  workspaceId: string,
  companyDomain: string,
) {
  const slackChannel = `C0DEMO${(DEMO_ACCOUNTS.indexOf(s.account) + 1).toString(16).toUpperCase().padStart(4, "0")}`;
  const messageId = (n: number) => `<demo.${index}.${n}@${domainOf(s.account)}>`;
  const conversation = `${s.channel === "widget" ? "wconv" : "portal"}_demo_${index}`;
  let sent = 0;

  const inbound = (step: Extract<Step, { kind: "customer" }>): InboundMessage => {
    const n = sent++;
    const c = s.contact;
    const common = {
      workspaceId,
      text: step.text,
      sentAt: step.at,
      accountId: need(dir.accounts, s.account.slug).id,
      subject: s.subject,
    };
    switch (s.channel) {
      case "slack":
        return {
          ...common,
          channel: "slack",
          threadKey: `${slackChannel}:${slackTs(s.steps[0]?.at ?? step.at, index)}`,
          externalId: `${slackChannel}:${slackTs(step.at, index)}`,
          author: { slackUserId: c.slackUserId, name: c.name, email: c.email },
          source: { slackChannelId: slackChannel, slackChannelName: `ext-${s.account.slug}` },
        };
      case "email":
        return {
          ...common,
          channel: "email",
          subject: n === 0 ? s.subject : `Re: ${s.subject}`,
          threadKey: messageId(0),
          threadKeyCandidates: n === 0 ? [] : [messageId(0)],
          externalId: messageId(n),
          author: { email: c.email, name: c.name },
          source: { inbox: `${TEAM_INBOX[s.team]}@${companyDomain}` },
        };
      default:
        return {
          ...common,
          channel: s.channel,
          threadKey: conversation,
          externalId: `${conversation}:${n}`,
          author: { externalUserId: c.externalId, email: c.email, name: c.name },
          source: s.channel === "portal" ? { form: "Technical question" } : { page: "/app/connections" },
        };
    }
  };

  const replyId = (step: Extract<Step, { kind: "reply" }>): string => {
    if (s.channel === "slack") return `${slackChannel}:${slackTs(step.at, index)}`;
    if (s.channel === "email") return `<reply.${index}.${step.at.getTime()}@${companyDomain}>`;
    return `${conversation}:agent:${step.at.getTime()}`;
  };

  return { inbound, replyId };
}

/**
 * Slack message timestamps: seconds, then milliseconds and the conversation's index as the
 * microseconds. Conversations of one account share its channel and may have steps at the same
 * instant (both clamped to "now"); a shared ts would make one message a duplicate of the other.
 */
const slackTs = (at: Date, index: number) =>
  `${Math.floor(at.getTime() / 1000)}.${String(at.getTime() % 1000).padStart(3, "0")}${String(index % 1000).padStart(3, "0")}`;
