// The channel list: channels the bot is in (conversations.list / conversations.info), and for
// Slack Connect channels the other organisations (team.info) so an account can be suggested.
import { type SlackChannelFacts, upsertSlackChannels } from "../../commands/slack";
import type { SlackConnectedTeam } from "../../db/schema/slack";
import { listSlackChannels } from "../../queries/slack";
import type { Services } from "../../services";
import { callSlack, type SlackConnection } from "./client";
import { runAsSlack } from "./command";

interface SlackConversation {
  id: string;
  name?: string;
  is_private?: boolean;
  is_ext_shared?: boolean;
  is_shared?: boolean;
  is_member?: boolean;
  is_im?: boolean;
  is_archived?: boolean;
  shared_team_ids?: string[];
  connected_team_ids?: string[];
}

function factsOf(connection: SlackConnection, c: SlackConversation): SlackChannelFacts {
  const teams = [...new Set([...(c.connected_team_ids ?? []), ...(c.shared_team_ids ?? [])])].filter(
    (id) => id !== connection.teamId,
  );
  return {
    slackChannelId: c.id,
    name: c.name ?? c.id,
    isPrivate: Boolean(c.is_private),
    isExtShared: Boolean(c.is_ext_shared),
    isMember: c.is_member !== false,
    connectedTeams: teams.map((id) => ({ id })),
  };
}

async function save(services: Services, connection: SlackConnection, facts: SlackChannelFacts[]) {
  for (let i = 0; i < facts.length; i += 200) {
    const chunk = facts.slice(i, i + 200);
    await runAsSlack(services, connection.workspaceId, (ctx) => upsertSlackChannels(ctx, chunk));
  }
}

/** Lists every channel the bot is in and stores it; team details follow in a job. */
export async function syncSlackChannels(services: Services, connection: SlackConnection): Promise<number> {
  const facts: SlackChannelFacts[] = [];
  let cursor: string | undefined;
  do {
    const page = (await callSlack(connection, "conversations.list", {
      types: "public_channel,private_channel",
      exclude_archived: true,
      limit: 200,
      ...(cursor && { cursor }),
    })) as { channels?: SlackConversation[]; response_metadata?: { next_cursor?: string } };
    for (const c of page.channels ?? []) if (c.is_member !== false) facts.push(factsOf(connection, c));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  await save(services, connection, facts);
  if (facts.some((f) => (f.connectedTeams ?? []).length > 0)) {
    await services.jobs.enqueue("slack.sync", { workspaceId: connection.workspaceId, phase: "teams" });
  }
  return facts.length;
}

/** One channel, after an event said it changed (bot joined, shared, renamed). */
export async function refreshSlackChannel(
  services: Services,
  connection: SlackConnection,
  slackChannelId: string,
): Promise<void> {
  const info = (await callSlack(connection, "conversations.info", { channel: slackChannelId })) as {
    channel?: SlackConversation;
  };
  if (!info.channel || info.channel.is_im) return;
  const facts = factsOf(connection, info.channel);
  facts.connectedTeams = await describeTeams(connection, facts.connectedTeams ?? [], new Map());
  await save(services, connection, [facts]);
}

/** Fills in name and domains of Slack Connect teams for unmapped channels (suggestions need them). */
export async function describeConnectedTeams(services: Services, connection: SlackConnection): Promise<void> {
  const rows = await listSlackChannels(services.database.db, connection.workspaceId, { status: "unmapped" });
  const cache = new Map<string, SlackConnectedTeam>();
  const updates: SlackChannelFacts[] = [];
  for (const { channel } of rows) {
    if (channel.connectedTeams.length === 0 || channel.connectedTeams.every((t) => t.domain)) continue;
    updates.push({
      slackChannelId: channel.slackChannelId,
      name: channel.name,
      isPrivate: channel.isPrivate,
      isExtShared: channel.isExtShared,
      isMember: channel.isMember,
      connectedTeams: await describeTeams(connection, channel.connectedTeams, cache),
    });
  }
  await save(services, connection, updates);
}

async function describeTeams(
  connection: SlackConnection,
  teams: readonly SlackConnectedTeam[],
  cache: Map<string, SlackConnectedTeam>,
): Promise<SlackConnectedTeam[]> {
  const described: SlackConnectedTeam[] = [];
  for (const team of teams) {
    let known = cache.get(team.id);
    if (!known) {
      const info = (await callSlack(connection, "team.info", { team: team.id })) as {
        team?: { id: string; name?: string; domain?: string; email_domain?: string };
      };
      known = {
        id: team.id,
        name: info.team?.name,
        domain: info.team?.domain,
        emailDomain: info.team?.email_domain || undefined,
      };
      cache.set(team.id, known);
    }
    described.push(known);
  }
  return described;
}
