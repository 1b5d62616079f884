// The Slack app manifest an admin pastes into "Create New App → From a manifest": the scopes the
// channel uses, the events it reads, and its two webhook URLs under PUBLIC_URL. Keep the scopes
// in step with the methods callSlack is used for (client.ts TIERS) and the events of events.ts.
import type { SlackManifest } from "@switchboard/api";

export const BOT_SCOPES = [
  "channels:history", // message.channels, conversations.history/replies
  "channels:read", // conversations.list/info, member_joined_channel, channel_* events
  "groups:history", // the same for private channels the app is invited to
  "groups:read",
  "chat:write", // replies in the shared channel
  "chat:write.customize", // … under the agent's name and avatar
  "files:read", // attachments (url_private)
  "reactions:read", // the issue emoji
  "team:read", // team.info: the customer's organisation of a Slack Connect channel
  "users:read", // users.info: who wrote
  "users:read.email", // … and their email, to match contacts
] as const;

export const BOT_EVENTS = [
  "message.channels",
  "message.groups",
  "reaction_added",
  "reaction_removed",
  "member_joined_channel",
  "channel_shared",
  "channel_unshared",
  "channel_rename",
] as const;

export function slackManifest(publicUrl: string, name = "Switchboard"): SlackManifest {
  const base = publicUrl.replace(/\/+$/, "");
  return {
    display_information: {
      name,
      description: "Turns customer conversations in shared channels into Switchboard issues.",
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      shortcuts: [
        {
          name: "Create issue",
          type: "message",
          callback_id: "create_issue",
          description: "Make this message a Switchboard issue",
        },
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { request_url: `${base}/hooks/slack/events`, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, request_url: `${base}/hooks/slack/interactivity` },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
