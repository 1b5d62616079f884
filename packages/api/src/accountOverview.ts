// /accounts/{id}/overview: the account 360 an agent opens before a call: who they are (type, tier,
// owner, renewal, TCV, health), their open and recent issues on every channel, contacts, Slack
// channels, linked Linear issues, CSAT answers and what happened lately (from the issues' events).
import { z } from "zod";
import { Account } from "./accounts";
import { Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { AccountSentiment } from "./sentiment";
import { channels, issueStates, priorities } from "./vocabulary";

export const AccountIssueSummary = z.strictObject({
  number: z.number().int(),
  title: z.string(),
  state: z.enum(issueStates),
  priority: z.enum(priorities),
  channel: z.enum(channels),
  assigneeName: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const AccountOverview = z.strictObject({
  account: Account,
  owner: z.strictObject({ id: Uuid, name: z.string(), email: z.string() }).nullable(),
  /** Days from today (UTC) to the renewal date; negative once it passed; null without one. */
  renewalInDays: z.number().int().nullable(),
  issues: z.strictObject({
    openCount: z.number().int(),
    /** Open issues, most recently active first (at most 20). */
    open: z.array(AccountIssueSummary),
    /** Closed in the last 90 days, most recent first (at most 10). */
    recentlyClosed: z.array(AccountIssueSummary),
  }),
  contacts: z.array(
    z.strictObject({
      id: Uuid,
      name: z.string(),
      email: z.string().nullable(),
      /** What they are to the account (billing, technical …); broadcasts email contacts by role. */
      roles: z.array(z.string()),
      /** In the customer portal, sees every issue of the account, not only their own. */
      portalAdmin: z.boolean(),
      issueCount: z.number().int(),
    }),
  ),
  slackChannels: z.array(z.strictObject({ id: Uuid, name: z.string(), slackChannelId: z.string() })),
  linearIssues: z.array(
    z.strictObject({
      identifier: z.string(),
      title: z.string(),
      url: z.string(),
      stateName: z.string(),
      stateType: z.string(),
      issueNumbers: z.array(z.number().int()),
    }),
  ),
  csat: z.strictObject({
    /** Mean score of the answers below (1–5), null without any. */
    average: z.number().nullable(),
    responses: z.array(
      z.strictObject({
        issueNumber: z.number().int(),
        score: z.number().int(),
        comment: z.string().nullable(),
        channel: z.string(),
        createdAt: Timestamp,
      }),
    ),
  }),
  /** The latest events of the account's issues, newest first (at most 30). */
  timeline: z.array(
    z.strictObject({
      type: z.string(),
      issueNumber: z.number().int(),
      issueTitle: z.string(),
      actorType: z.string(),
      actorName: z.string().nullable(),
      createdAt: Timestamp,
    }),
  ),
  /** Customer sentiment (trend, per issue with the phrases behind it) and health with its drivers. */
  sentiment: AccountSentiment,
});
export type AccountOverview = Wire<typeof AccountOverview>;
