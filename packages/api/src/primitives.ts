// The zod forms of the API's basic words, shared by every resource's schemas.
import { z } from "zod";
import { channels, issueStates, priorities } from "./vocabulary";

export const IssueState = z.enum(issueStates);
export type IssueState = z.infer<typeof IssueState>;
export const Priority = z.enum(priorities);
export type Priority = z.infer<typeof Priority>;
export const Channel = z.enum(channels);
export type Channel = z.infer<typeof Channel>;
export const Uuid = z.string().uuid();

export const IdParams = z.strictObject({ id: Uuid });

export const ListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** A trimmed, non-blank string of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** Free-form JSON objects the server stores as given (custom field values, event data…). */
export const JsonObject = z.record(z.string(), z.unknown());
