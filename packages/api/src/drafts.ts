// The agent's keyboard loop (issue 26): drafts kept per issue and per agent, the undo window
// before a reply's delivery starts, and taking a reply back within it.
import { z } from "zod";
import { Timestamp, type Wire } from "./responses";
import { messageVisibilities } from "./vocabulary";

export const PutDraftInput = z.strictObject({
  visibility: z.enum(messageVisibilities).default("public"),
  /** Blank text deletes the draft. */
  body: z.string().max(100_000),
});

export const Draft = z.strictObject({
  issueNumber: z.number().int(),
  visibility: z.enum(messageVisibilities),
  body: z.string(),
  updatedAt: Timestamp,
});
export type Draft = Wire<typeof Draft>;
export const DraftList = z.strictObject({ items: z.array(Draft) });
export type DraftList = Wire<typeof DraftList>;
/** An issue's draft of the signed-in person, or null. */
export const MaybeDraft = z.strictObject({ draft: Draft.nullable() });

export const SendingSettings = z.strictObject({
  /** Seconds a person's reply waits before delivery starts, so it can be taken back (0: at once). */
  undoSendSeconds: z.number().int().min(0).max(30),
});
export type SendingSettings = Wire<typeof SendingSettings>;

/** A reply taken back before delivery started: its text, to put back in the composer. */
export const WithdrawnReply = z.strictObject({
  issueNumber: z.number().int(),
  visibility: z.enum(messageVisibilities),
  body: z.string(),
});
export type WithdrawnReply = Wire<typeof WithdrawnReply>;
