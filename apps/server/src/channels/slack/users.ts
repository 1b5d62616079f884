// Who a Slack user is to us: a colleague (their posts are agent replies), someone else of our own
// company (our Slack team, not a guest, or our email domains), or a customer contact. Known ids
// are answered from the database; unknown ones cost one users.info call.

import type { InboundAuthor } from "../../commands/inboundMessage";
import { linkSlackUser } from "../../commands/slack";
import { isOwnAddress } from "../../domain/ownDomains";
import { workspaceDomains } from "../../queries/accountSettings";
import { knownSlackPerson, type SlackMessageContext, userByEmail } from "../../queries/slack";
import type { Services } from "../../services";
import { callSlack, type SlackConnection } from "./client";
import { runAsSlack } from "./command";

export interface SlackAuthor extends InboundAuthor {
  slackUserId: string;
  /** A Switchboard user of the workspace. */
  isColleague: boolean;
  /** A colleague, or of our own company without a Switchboard account: never opens an issue by posting. */
  isInternal: boolean;
}

interface UsersInfo {
  user?: {
    name?: string;
    real_name?: string;
    is_bot?: boolean;
    team_id?: string;
    /** Guests (single- and multi-channel) of our Slack team: customers invited in, not colleagues. */
    is_restricted?: boolean;
    is_ultra_restricted?: boolean;
    profile?: { email?: string; real_name?: string; display_name?: string };
  };
}

/**
 * `seen`: the workspace's domains and the known person, when the caller has already read them
 * (slackMessageContext); else they are read here.
 */
export async function resolveSlackAuthor(
  services: Services,
  connection: SlackConnection,
  slackUserId: string,
  seen?: Pick<SlackMessageContext, "domains" | "known">,
): Promise<SlackAuthor> {
  const db = services.database.db;
  const own = seen ? seen.domains : await workspaceDomains(db, connection.workspaceId);
  const known = seen ? seen.known : await knownSlackPerson(db, connection.workspaceId, slackUserId);
  if (known) {
    return {
      slackUserId,
      name: known.name,
      email: known.email ?? undefined,
      isColleague: known.kind === "user",
      isInternal: known.kind === "user" || isOwnAddress(known.email, own),
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
  const guest = info.user?.is_restricted === true || info.user?.is_ultra_restricted === true;
  const ourTeam = Boolean(connection.teamId) && info.user?.team_id === connection.teamId && !guest;
  return {
    slackUserId,
    name,
    email,
    isColleague: Boolean(colleague),
    isInternal: Boolean(colleague) || ourTeam || isOwnAddress(email, own),
  };
}
