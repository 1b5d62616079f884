// Where a Slack issue lives: its channel's name and a link that opens its thread in Slack,
// built from the facts the issue came with (team id, channel id, the thread's root ts).

export function slackChannelName(source: Record<string, string>): string | null {
  const name = source.slackChannelName ?? source.slackChannelId;
  return name ? `#${name.replace(/^#/, "")}` : null;
}

/** Slack's web client opens a thread by team, channel and root ts; null without all three. */
export function slackThreadUrl(source: Record<string, string>): string | null {
  const { slackTeamId: team, slackChannelId: channel, slackThreadTs: ts } = source;
  if (!team || !channel || !ts || !/^\d+\.\d+$/.test(ts)) return null;
  const [t, c] = [encodeURIComponent(team), encodeURIComponent(channel)];
  return `https://app.slack.com/client/${t}/${c}/thread/${c}-${ts}`;
}
