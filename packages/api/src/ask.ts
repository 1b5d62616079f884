// Ask AI (POST /ask): a question across the issues the asker may read, answered with counts, a
// ranking or a short summary, and always the filters used and the issues read, so it can be checked.
import { z } from "zod";
import { Timestamp } from "./responses";

export const AskInput = z.strictObject({
  question: z.string().trim().min(3, "Ask a question of at least 3 characters.").max(500),
});

const AskedIssueRef = z.strictObject({
  number: z.number().int(),
  title: z.string(),
  state: z.string(),
  accountName: z.string().nullable(),
  createdAt: Timestamp,
  /** The customer's words the answer quotes (first sentence of their first message). */
  excerpt: z.string(),
});

export const AskAnswer = z.strictObject({
  question: z.string(),
  intent: z.enum(["count", "ranking", "summary"]),
  answer: z.string(),
  /** Every issue matching the filters (more than were read when above the read limit). */
  total: z.number().int(),
  /** The filters read from the question, e.g. {field: "account", value: "Northwind"}. */
  filters: z.array(z.strictObject({ field: z.string(), value: z.string() })),
  groups: z.array(
    z.strictObject({
      label: z.string(),
      /** topic: a common topic (the topics model) its customers' questions are in */
      by: z.enum(["linear", "topic", "tag", "field", "title"]),
      count: z.number().int(),
      issueNumbers: z.array(z.number().int()),
    }),
  ),
  cited: z.array(AskedIssueRef),
  read: z.array(AskedIssueRef),
  /** "local (extractive)", or "openai-compatible:<model>" when a model wrote the answer. */
  provider: z.string(),
  /** Issue numbers a model cited that were not among those read: removed from its answer. */
  refused: z.array(z.string()),
});
export type AskInput = z.infer<typeof AskInput>;
export type AskAnswer = z.infer<typeof AskAnswer>;
