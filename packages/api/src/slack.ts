// Slack settings API (/api/v1/slack/*): the workspace's Slack app and its shared channels.
import { z } from "zod";

const emoji = z
  .string()
  .trim()
  .regex(/^:?[a-z0-9_+'-]{1,100}:?$/, "an emoji name such as ticket");

export const SlackConnectionInput = z.strictObject({
  botToken: z.string().trim().min(10).max(500),
  signingSecret: z.string().trim().min(8).max(200),
  /** Web API base URL override (Enterprise proxies, a local stand-in); default slack.com. */
  apiUrl: z.string().url().max(500).optional(),
  /** Reaction that turns a message into an issue; default ticket. */
  issueEmoji: emoji.optional(),
});

export const SlackSettingsInput = z.strictObject({ issueEmoji: emoji });

export const SlackChannelMode = z.enum(["all", "reaction"]);

export const SlackChannelListQuery = z.strictObject({
  status: z.enum(["mapped", "unmapped"]).optional(),
});

export const UpdateSlackChannelInput = z
  .strictObject({
    /** The customer account the channel belongs to; null unmaps it. */
    accountId: z.string().uuid().nullable().optional(),
    mode: SlackChannelMode.optional(),
  })
  .refine((v) => v.accountId !== undefined || v.mode !== undefined, "Give accountId or mode.");
