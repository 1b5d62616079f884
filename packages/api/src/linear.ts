// Linear (/api/v1/integrations/linear, /api/v1/issues/{number}/linear-links): the API-key
// connection, its teams, and customer issues linked to Linear issues (created or existing).
import { z } from "zod";
import { IssueNumber } from "./issues";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

export const LinearConnectionInput = z.strictObject({
  /** A Linear personal API key (lin_api_…); sealed at rest. */
  apiKey: z.string().trim().min(10).max(500),
  /** The signing secret of the Linear webhook pointed at /hooks/linear. */
  webhookSecret: z.string().trim().min(8).max(500).optional(),
  /** GraphQL base URL override (a proxy, a local stand-in); default https://api.linear.app. */
  apiUrl: z.string().url().max(500).optional(),
});

export const LinearConnection = z.discriminatedUnion("connected", [
  z.strictObject({ connected: z.literal(false) }),
  z.strictObject({
    connected: z.literal(true),
    organizationName: z.string().nullable(),
    apiUrl: z.string().nullable(),
    webhookConfigured: z.boolean(),
    /** Where Linear's webhook must point (Settings → API → Webhooks in Linear). */
    webhookUrl: z.string(),
    defaultTeamId: z.string().nullable(),
    commentSync: z.boolean(),
    updatedAt: Timestamp,
  }),
]);
export type LinearConnection = Wire<typeof LinearConnection>;

export const LinearTeam = z.strictObject({ id: z.string(), key: z.string(), name: z.string() });
export type LinearTeam = Wire<typeof LinearTeam>;

export const LinearLink = z.strictObject({
  id: Uuid,
  linearIssueId: z.string(),
  /** ENG-123 */
  identifier: z.string(),
  url: z.string(),
  title: z.string(),
  stateName: z.string(),
  /** Linear's state type: triage, backlog, unstarted, started, completed, canceled. */
  stateType: z.string(),
  createdAt: Timestamp,
});
export type LinearLink = Wire<typeof LinearLink>;

/** Create a Linear issue in a team (title and description default to the issue's), or link one by key or URL. */
export const LinearLinkInput = z.union([
  z.strictObject({
    teamId: z.string().trim().min(1).max(100),
    title: text(300).optional(),
    description: z.string().max(20_000).optional(),
    /** Linear label ids of the team (GET /integrations/linear/labels?teamId=…). */
    labelIds: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  }),
  z.strictObject({
    /** "ENG-123" or its URL (https://linear.app/acme/issue/ENG-123/…). */
    issue: text(500),
  }),
]);

/** The connection's preferences: the team "Create" offers first, and comment sync. */
export const LinearSettingsInput = z.strictObject({
  defaultTeamId: z.string().trim().min(1).max(100).nullable().optional(),
  commentSync: z.boolean().optional(),
});

/** The stored key, tried against Linear now. */
export const LinearConnectionTest = z.strictObject({
  ok: z.literal(true),
  organizationName: z.string(),
  viewerName: z.string(),
});

/** Without a team: the default team's labels (none when there is no default team). */
export const LinearLabelsQuery = z.strictObject({ teamId: z.string().trim().min(1).max(100).optional() });

export const LinearLabel = z.strictObject({ id: z.string(), name: z.string(), color: z.string().nullable() });
export type LinearLabel = Wire<typeof LinearLabel>;

export const LinearLinkParams = z.strictObject({ number: IssueNumber, id: Uuid });

/** A customer issue linked to a Linear issue, as the feature-request view lists it. */
export const FeatureRequestIssue = z.strictObject({
  number: z.number().int(),
  title: z.string(),
  state: z.string(),
  accountName: z.string().nullable(),
});

export const FeatureRequestAccount = z.strictObject({
  id: Uuid,
  name: z.string(),
  tier: z.string().nullable(),
  /** The account's custom field `contract_value` (USD), when it has one. */
  contractValue: z.number().nullable(),
});

/** A Linear issue and its demand: linked customer issues, distinct accounts and what they are worth. */
export const FeatureRequest = z.strictObject({
  linearIssueId: z.string(),
  identifier: z.string(),
  title: z.string(),
  url: z.string(),
  stateName: z.string(),
  stateType: z.string(),
  issueCount: z.number().int(),
  openIssueCount: z.number().int(),
  accountCount: z.number().int(),
  totalContractValue: z.number(),
  accounts: z.array(FeatureRequestAccount),
  issues: z.array(FeatureRequestIssue),
});
export type FeatureRequest = Wire<typeof FeatureRequest>;

export const FeatureRequestsQuery = z.strictObject({
  /** `open` (default): Linear issues not completed or canceled; `all`: every linked one. */
  status: z.enum(["open", "all"]).default("open"),
});

/** File one Linear issue for a common topic: its questions quoted, and linked to the topic's issues. */
export const TopicLinearIssueInput = z.strictObject({
  teamId: z.string().trim().min(1).max(100),
  /** defaults to the topic's label */
  title: text(300).optional(),
  description: z.string().max(20_000).optional(),
  labelIds: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
});

export const TopicLinearIssue = z.strictObject({
  linearIssueId: z.string(),
  identifier: z.string(),
  url: z.string(),
  title: z.string(),
  /** the topic's issues now linked to it (the most recent 50 the reader may see) */
  linked: z.array(z.number().int()),
});
export type TopicLinearIssue = Wire<typeof TopicLinearIssue>;
