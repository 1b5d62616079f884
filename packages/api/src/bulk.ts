// POST /issues/bulk: one change to many issues (select with x, then assign, move, state,
// priority, tags). Each issue is changed or refused on its own; the answer says which.
import { z } from "zod";
import { IssueNumber } from "./issues";
import { IssueState, Priority, text, Uuid } from "./primitives";
import type { Wire } from "./responses";
import { errorCodes } from "./vocabulary";

export const BulkUpdateIssuesInput = z.strictObject({
  numbers: z.array(IssueNumber).min(1).max(200),
  change: z
    .strictObject({
      teamId: Uuid.nullable().optional(),
      assigneeUserId: Uuid.nullable().optional(),
      state: IssueState.optional(),
      priority: Priority.optional(),
      addTags: z.array(text(100)).max(50).optional(),
      removeTags: z.array(text(100)).max(50).optional(),
    })
    .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "Nothing to change" }),
});

export const BulkUpdateResult = z.strictObject({
  /** Numbers of the issues the change was applied to (an issue already so counts). */
  updated: z.array(z.number().int()),
  /** Issues left as they were, each with the reason in the API's error vocabulary. */
  failed: z.array(z.strictObject({ number: z.number().int(), code: z.enum(errorCodes), message: z.string() })),
});
export type BulkUpdateResult = Wire<typeof BulkUpdateResult>;
