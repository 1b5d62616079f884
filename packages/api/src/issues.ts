// /issues: the inbox's unit of work, its list filters, and its event log.
import { z } from "zod";
import { Channel, IssueState, JsonObject, Priority, text, Uuid } from "./primitives";
import { page, Timestamp, type Wire } from "./responses";
import { IssueSla } from "./sla";

export const IssueNumber = z.coerce.number().int().positive().max(2_147_483_647);
export const IssueNumberParams = z.strictObject({ number: IssueNumber });

export const IssueListQuery = z.strictObject({
  q: z.string().trim().max(500).optional(),
  state: z.union([IssueState, z.string().regex(/^[a-z_]+(,[a-z_]+)*$/)]).optional(),
  team: z.union([Uuid, z.literal("none")]).optional(),
  assignee: z.union([Uuid, z.literal("me"), z.literal("none")]).optional(),
  account: Uuid.optional(),
  priority: Priority.optional(),
  channel: Channel.optional(),
  tag: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const CreateIssueInput = z.strictObject({
  title: text(500),
  /** The first public message; blank text is refused here, before an issue number is taken. */
  body: z
    .string()
    .max(100_000)
    .refine((b) => b.trim().length > 0, "Message text is empty.")
    .optional(),
  accountId: Uuid.nullish(),
  requesterContactId: Uuid.nullish(),
  teamId: Uuid.nullish(),
  priority: Priority.optional(),
  tags: z.array(text(100)).max(50).optional(),
});

export const UpdateIssueInput = z
  .strictObject({
    title: text(500).optional(),
    state: IssueState.optional(),
    teamId: Uuid.nullable().optional(),
    assigneeUserId: Uuid.nullable().optional(),
    priority: Priority.optional(),
    tags: z.array(text(100)).max(50).optional(),
    customFields: z.record(z.string().max(100), z.unknown()).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "Nothing to update" });

export const MergeIssueInput = z.strictObject({ intoNumber: z.number().int().positive() });

export const Ref = z.strictObject({ id: Uuid, name: z.string() });
export type Ref = Wire<typeof Ref>;

/**
 * The AI agent's latest routing decision on the issue, for "Routed by Router → Billing (99%)"
 * beside the team and on the card; the decision itself is at /issues/:number/decisions.
 */
export const IssueRoute = z.strictObject({
  decisionId: Uuid,
  agentName: z.string().nullable(),
  /** `route`: moved to a runbook's team; `stay`: left with the agent's own team. */
  action: z.enum(["route", "stay"]),
  teamName: z.string().nullable(),
  runbookName: z.string().nullable(),
  confidence: z.number().nullable(),
  /** A person chose another team (or priority) since. */
  overridden: z.boolean(),
});
export type IssueRoute = Wire<typeof IssueRoute>;

/** Text with the searched words marked: `match` pieces are what the query matched. */
export const HighlightedText = z.array(z.strictObject({ text: z.string(), match: z.boolean() }));
/** Why a `?q=` result matched: its title, and the newest matching message's passage. */
export const SearchHighlight = z.strictObject({
  /** Ranked first: the title itself matched. */
  titleMatch: z.boolean(),
  title: HighlightedText,
  snippet: HighlightedText.nullable(),
});
export type SearchHighlight = Wire<typeof SearchHighlight>;

export const Issue = z.strictObject({
  id: Uuid,
  number: z.number().int(),
  title: z.string(),
  state: IssueState,
  priority: Priority,
  /** Who set the priority last: a person, the AI, a trigger, or nobody yet. */
  prioritySetBy: z.enum(["user", "ai", "trigger", "default"]),
  channel: Channel,
  /** Channel facts the issue came with (Slack channel id, inbox address…). */
  source: z.record(z.string(), z.string()),
  team: Ref.nullable(),
  assignee: Ref.nullable(),
  assigneeAgentId: Uuid.nullable(),
  account: z.strictObject({ id: Uuid, name: z.string(), type: z.string(), tier: z.string().nullable() }).nullable(),
  requester: z.strictObject({ id: Uuid, name: z.string(), email: z.string().nullable() }).nullable(),
  tags: z.array(z.string()),
  customFields: JsonObject,
  firstResponseAt: Timestamp.nullable(),
  resolvedAt: Timestamp.nullable(),
  mergedIntoIssueId: Uuid.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastMessageAt: Timestamp.nullable(),
  route: IssueRoute.nullable(),
  /** The broadcast a customer's reply to it opened this issue from, if any. */
  broadcast: z.strictObject({ id: Uuid, title: z.string() }).nullable(),
  sla: IssueSla,
  /** Only in `?q=` lists. */
  highlight: SearchHighlight.optional(),
});
export type Issue = Wire<typeof Issue>;
export const IssuePage = page(Issue);

/** One entry of an issue's append-only log (created, message, state, assignee, team…). */
export const IssueEvent = z.strictObject({
  seq: z.number().int(),
  type: z.string(),
  actorType: z.enum(["user", "contact", "agent", "system", "trigger"]),
  actorId: z.string().nullable(),
  data: JsonObject,
  createdAt: Timestamp,
});
export type IssueEvent = Wire<typeof IssueEvent>;
