// Slack settings API (/api/v1/slack/*): the workspace's Slack app and its shared channels.
import { z } from "zod";
import { Uuid } from "./primitives";
import { Ok, Timestamp, type Wire } from "./responses";
import { slackChannelModes } from "./vocabulary";

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

export const SlackChannelMode = z.enum(slackChannelModes);

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

const Connected = z.strictObject({
  connected: z.literal(true),
  teamId: z.string().nullable(),
  appId: z.string().nullable(),
  botUserId: z.string().nullable(),
  apiUrl: z.string().nullable(),
  issueEmoji: z.string(),
  updatedAt: Timestamp,
});
export const SlackConnection = z.discriminatedUnion("connected", [
  z.strictObject({ connected: z.literal(false) }),
  Connected,
]);
export type SlackConnection = Wire<typeof SlackConnection>;

/** Connecting also syncs the channel list: how many channels it found. */
export const SlackConnected = Connected.extend({ channels: z.number().int() });
export type SlackConnected = Wire<typeof SlackConnected>;
export const SlackSync = z.strictObject({ channels: z.number().int() });
export type SlackSync = Wire<typeof SlackSync>;

export const SlackConnectedTeam = z.strictObject({
  id: z.string(),
  name: z.string().optional(),
  domain: z.string().optional(),
  emailDomain: z.string().optional(),
});

/** Which account a channel most likely belongs to; an admin confirms. */
export const AccountSuggestion = z.strictObject({
  accountId: Uuid,
  accountName: z.string(),
  basis: z.enum(["domain", "name"]),
  reason: z.string(),
});

export const SlackChannel = z.strictObject({
  id: Uuid,
  slackChannelId: z.string(),
  name: z.string(),
  isPrivate: z.boolean(),
  isExtShared: z.boolean(),
  isMember: z.boolean(),
  mapped: z.boolean(),
  account: z.strictObject({ id: Uuid, name: z.string() }).nullable(),
  mode: SlackChannelMode,
  connectedTeams: z.array(SlackConnectedTeam),
  suggestion: AccountSuggestion.nullable(),
});
export type SlackChannel = Wire<typeof SlackChannel>;

export const SlackChannelMapping = z.strictObject({
  id: Uuid,
  slackChannelId: z.string(),
  name: z.string(),
  accountId: Uuid.nullable(),
  mode: SlackChannelMode,
});
export type SlackChannelMapping = Wire<typeof SlackChannelMapping>;

/** /hooks/slack/events: the URL-verification challenge echoed, or a plain acknowledgement. */
export const SlackEventsReply = z.union([z.strictObject({ challenge: z.string() }), Ok]);

/** The Slack app manifest (JSON) to paste at api.slack.com/apps → Create New App → From a manifest. */
export const SlackManifest = z.strictObject({
  display_information: z.strictObject({ name: z.string(), description: z.string() }),
  features: z.strictObject({
    bot_user: z.strictObject({ display_name: z.string(), always_online: z.boolean() }),
    shortcuts: z.array(
      z.strictObject({
        name: z.string(),
        type: z.literal("message"),
        callback_id: z.string(),
        description: z.string(),
      }),
    ),
  }),
  oauth_config: z.strictObject({ scopes: z.strictObject({ bot: z.array(z.string()) }) }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({ request_url: z.string(), bot_events: z.array(z.string()) }),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: z.string() }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});
export type SlackManifest = Wire<typeof SlackManifest>;

/** The connection panel's test: each credential on its own, with what to do when it is wrong. */
export const SlackConnectionTest = z.strictObject({
  token: z.strictObject({
    ok: z.boolean(),
    /** auth.test's answer: the team and bot the token belongs to. */
    teamId: z.string().nullable(),
    botUserId: z.string().nullable(),
    /** Slack's error code (invalid_auth, token_revoked …) or why Slack could not be reached. */
    error: z.string().nullable(),
    message: z.string(),
  }),
  signingSecret: z.strictObject({
    /** verified: a signed request from Slack matched it; failing: requests naming this app did not. */
    status: z.enum(["verified", "failing", "unknown"]),
    lastVerifiedAt: Timestamp.nullable(),
    lastFailedAt: Timestamp.nullable(),
    message: z.string(),
  }),
});
export type SlackConnectionTest = Wire<typeof SlackConnectionTest>;
