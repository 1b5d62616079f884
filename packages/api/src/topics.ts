// Common topics: customer questions grouped by what they ask, ranked by how many asked, with the
// trend of this week against the four before. Clustered offline by the topics job.
import { z } from "zod";
import { Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

export const TopicTrend = z.enum(["rising", "falling", "steady", "new"]);

export const TopicQuestion = z.strictObject({
  messageId: Uuid,
  text: z.string(),
  issueNumber: z.number().int(),
  issueTitle: z.string(),
  askedAt: Timestamp,
  /** cosine to the topic's centre: 1 is the topic's own words */
  similarity: z.number(),
});
export type TopicQuestion = Wire<typeof TopicQuestion>;

export const Topic = z.strictObject({
  id: Uuid,
  /** 1 is the most asked */
  rank: z.number().int(),
  /** the topic's most distinctive terms, joined */
  label: z.string(),
  terms: z.array(z.string()),
  /** the most central question, in the customer's words */
  question: z.string(),
  size: z.number().int(),
  thisWeek: z.number().int(),
  /** weekly average over the four weeks before this one */
  previousWeeklyAverage: z.number(),
  trend: TopicTrend,
  /** questions per week, the last eight weeks, oldest first (this week last) */
  weekly: z.array(z.number().int()),
  examples: z.array(TopicQuestion),
  updatedAt: Timestamp,
});
export type Topic = Wire<typeof Topic>;

export const TopicList = z.strictObject({
  items: z.array(Topic),
  /** questions collected so far, and those in no topic (asked once, like nothing else) */
  questions: z.number().int(),
  unassigned: z.number().int(),
  clusteredAt: Timestamp.nullable(),
});
export type TopicList = Wire<typeof TopicList>;

export const TopicIssue = z.strictObject({
  number: z.number().int(),
  title: z.string(),
  state: z.string(),
  accountId: Uuid.nullable(),
  accountName: z.string().nullable(),
  createdAt: Timestamp,
});
export type TopicIssue = Wire<typeof TopicIssue>;

export const TopicDetail = Topic.extend({
  /** the questions of the topic the reader may see, most central first (at most 200) */
  questions: z.array(TopicQuestion),
  /** their issues, newest first */
  issues: z.array(TopicIssue),
});
export type TopicDetail = Wire<typeof TopicDetail>;

export const TopicListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ReclusterInput = z.strictObject({
  /** `full` clusters every question afresh; `incremental` only places new questions */
  mode: z.enum(["full", "incremental"]).default("full"),
});

export const ReclusterResult = z.strictObject({ queued: z.boolean() });
export type ReclusterResult = Wire<typeof ReclusterResult>;
