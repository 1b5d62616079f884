// The Slack connection's secrets at rest: the bot token and signing secret are stored sealed with
// the server's key (services.secrets, as the SMTP password) and opened in memory when used.
// Rows stored before migration 0019 hold plain values: read as they are, sealed at start.
import { sealStoredSlackSecret } from "../../commands/slack";
import { looksSealed, type SecretBox } from "../../domain/secrets";
import { allSlackConnections, slackConnectionOf } from "../../queries/slack";
import type { Services } from "../../services";
import type { SlackConnection, SlackConnectionRow } from "./client";

export function openSlackSecret(secrets: SecretBox, stored: string): string {
  return looksSealed(stored) ? secrets.open(stored) : stored;
}

export function openSlackConnection(secrets: SecretBox, row: SlackConnectionRow): SlackConnection {
  const { botTokenSealed, signingSecretSealed, ...rest } = row;
  return {
    ...rest,
    botToken: openSlackSecret(secrets, botTokenSealed),
    signingSecret: openSlackSecret(secrets, signingSecretSealed),
  };
}

/** The workspace's connection with its secrets opened, or undefined when Slack is not connected. */
export async function loadSlackConnection(
  services: Pick<Services, "database" | "secrets">,
  workspaceId: string,
): Promise<SlackConnection | undefined> {
  const row = await slackConnectionOf(services.database.db, workspaceId);
  return row && openSlackConnection(services.secrets, row);
}

/**
 * Seals the plain secrets of connections stored before sealing (migration 0019). Each row is
 * written only if it still holds the plain value it read, so servers starting together agree.
 * Without a key (DATABASE_URL and no SECRET_KEY) it says so and leaves the rows readable.
 */
export async function sealLegacySlackSecrets(services: Pick<Services, "database" | "secrets">): Promise<number> {
  const db = services.database.db;
  const rows = await allSlackConnections(db);
  let sealed = 0;
  for (const row of rows) {
    for (const column of ["botTokenSealed", "signingSecretSealed"] as const) {
      const plain = row[column];
      if (looksSealed(plain)) continue;
      let value: string;
      try {
        value = services.secrets.seal(plain);
      } catch (error) {
        console.warn(`[slack] the stored Slack secrets stay unsealed: ${(error as Error).message}`);
        return sealed;
      }
      if (await sealStoredSlackSecret(db, { id: row.id, column, plain, sealed: value })) sealed++;
    }
  }
  return sealed;
}

/**
 * The pasted secrets, sealed for `saveSlackConnection`, and whether the signing secret is the one
 * stored already (sealing the same text twice never gives the same value, so open and compare).
 */
export function sealSlackSecrets(
  secrets: SecretBox,
  input: { botToken: string; signingSecret: string },
  existing: SlackConnectionRow | undefined,
) {
  let sameSigningSecret = false;
  try {
    sameSigningSecret =
      existing !== undefined && openSlackSecret(secrets, existing.signingSecretSealed) === input.signingSecret;
  } catch {
    // Sealed under another key: it cannot be the same one any more.
  }
  return {
    botTokenSealed: secrets.seal(input.botToken),
    signingSecretSealed: secrets.seal(input.signingSecret),
    sameSigningSecret,
  };
}
