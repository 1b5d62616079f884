// Who a Slack user is to us: a colleague (their posts are agent replies) or a customer contact.
// Known ids are answered from the database; unknown ones cost one users.info call.

import type { InboundAuthor } from "../../commands/inboundMessage";
import { linkSlackUser } from "../../commands/slack";
import { knownSlackPerson, userByEmail } from "../../queries/slack";
import type { Services } from "../../services";
import { callSlack, type SlackConnection } from "./client";
import { runAsSlack } from "./command";

export interface SlackAuthor extends InboundAuthor {
  slackUserId: string;
  isColleague: boolean;
}

interface UsersInfo {
  user?: {
    name?: string;
    real_name?: string;
    is_bot?: boolean;
    profile?: { email?: string; real_name?: string; display_name?: string };
  };
}

export async function resolveSlackAuthor(
  services: Services,
  connection: SlackConnection,
  slackUserId: string,
): Promise<SlackAuthor> {
  const db = services.database.db;
  const known = await knownSlackPerson(db, connection.workspaceId, slackUserId);
  if (known) {
    return {
      slackUserId,
      name: known.name,
      email: known.email ?? undefined,
      isColleague: known.kind === "user",
    };
  }
  const info = (await callSlack(connection, "users.info", { user: slackUserId })) as UsersInfo;
  const profile = info.user?.profile ?? {};
  const email = profile.email?.toLowerCase();
  const name = profile.real_name || info.user?.real_name || profile.display_name || info.user?.name || slackUserId;
  const colleague = email ? await userByEmail(db, connection.workspaceId, email) : undefined;
  if (colleague && !colleague.slackUserId) {
    await runAsSlack(services, connection.workspaceId, (ctx) => linkSlackUser(ctx, colleague.id, slackUserId));
  }
  return { slackUserId, name, email, isColleague: Boolean(colleague) };
}
