// Carries out a sync run: accounts, then contacts, page by page from the CRM. Each page is one
// transaction; each record in it a savepoint, so a bad record is reported and rolled back alone
// while the others commit with the page's counts and the watermark. A CRM failure ends the run
// with its reason; what committed stays, and the next run starts after the last committed page.
import type { Actor } from "../../commands/actors";
import { inSavepoint } from "../../commands/bulk";
import { runCommand } from "../../commands/context";
import {
  applyCrmAccount,
  applyCrmContact,
  finishCrmRun,
  type PageResult,
  type RecordOutcome,
  recordCrmPage,
  requestCrmSync,
  startCrmRun,
} from "../../commands/crm";
import type { CrmProvider, CrmRecordError } from "../../db/schema";
import { AppError } from "../../domain/errors";
import { allCrmConnections, type CrmConnectionRow, crmConnectionOf } from "../../queries/crm";
import type { Services } from "../../services";
import { HUBSPOT_API_URL, hubspotSource } from "./hubspot";
import { mapAccount } from "./mapping";
import { salesforceSource } from "./salesforce";
import { CrmError, type CrmSource, type SourceAccount, type SourceContact } from "./source";

/** Every 15 minutes: CRM owners and tiers drive who works an account's issues, so they should not lag long. */
export const CRM_CRON = "*/15 * * * *";

const actorOf = (provider: CrmProvider): Actor => ({ type: "system", name: provider });

export async function queueScheduledSyncs(services: Services): Promise<void> {
  for (const { workspaceId, provider } of await allCrmConnections(services.database.db)) {
    await runCommand(services, { workspaceId, actor: actorOf(provider) }, (ctx) =>
      requestCrmSync(ctx, provider, "schedule"),
    ).catch((error: unknown) => {
      // A run still queued or running covers this turn.
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
    });
  }
}

export async function runCrmSync(services: Services, job: { workspaceId: string; runId: string }): Promise<void> {
  const { workspaceId } = job;
  const claimed = await runCommand(services, { workspaceId, actor: { type: "system", name: "crm" } }, (ctx) =>
    startCrmRun(ctx, job.runId),
  );
  if (!claimed) return;
  const run = { id: claimed.id, provider: claimed.provider };
  const command = <T>(fn: Parameters<typeof runCommand<T>>[2]) =>
    runCommand(services, { workspaceId, actor: actorOf(run.provider) }, fn);
  const connection = await crmConnectionOf(services.database.db, workspaceId, run.provider);
  if (!connection) {
    await command((ctx) => finishCrmRun(ctx, run, { error: "The CRM was disconnected before the run started." }));
    return;
  }
  const source = sourceOf(services, connection);
  let failure: unknown;
  try {
    for await (const records of source.accounts(connection.accountWatermark))
      await command(async (ctx) => recordCrmPage(ctx, run, "account", await applyAccounts(ctx, connection, records)));
    for await (const records of source.contacts(connection.contactWatermark))
      await command(async (ctx) => recordCrmPage(ctx, run, "contact", await applyContacts(ctx, records)));
  } catch (error) {
    failure = error;
  }
  const token = source.token();
  await command((ctx) =>
    finishCrmRun(ctx, run, {
      error:
        failure === undefined ? null : failure instanceof CrmError ? failure.message : "The run failed unexpectedly.",
      token: token && { accessTokenSealed: services.secrets.seal(token.accessToken), instanceUrl: token.instanceUrl },
    }),
  );
  // Not the CRM's doing (a bug, the database): the job fails too, so it is logged and seen.
  if (failure !== undefined && !(failure instanceof CrmError)) throw failure;
}

type Ctx = Parameters<typeof recordCrmPage>[0];

async function applyAccounts(ctx: Ctx, connection: CrmConnectionRow, records: SourceAccount[]): Promise<PageResult> {
  const result = emptyPage(records);
  for (const record of records) {
    const mapped = mapAccount(record, connection.mapping);
    if (!mapped.ok) {
      result.errors.push({
        object: "account",
        externalId: record.externalId,
        name: mapped.name,
        message: mapped.message,
      });
      continue;
    }
    const outcome = await applyOne(ctx, (c) => applyCrmAccount(c, connection.provider, mapped.patch));
    if (typeof outcome === "string") result.outcomes.push(outcome);
    else result.errors.push({ object: "account", externalId: record.externalId, name: mapped.patch.name, ...outcome });
  }
  return result;
}

async function applyContacts(ctx: Ctx, records: SourceContact[]): Promise<PageResult> {
  const result = emptyPage(records);
  for (const record of records) {
    const outcome = await applyOne(ctx, (c) => applyCrmContact(c, record));
    if (typeof outcome === "string") result.outcomes.push(outcome);
    else result.errors.push({ object: "contact", externalId: record.externalId, name: record.name, ...outcome });
  }
  return result;
}

/** One record in a savepoint: applied whole, or rolled back with the refusal as its error. */
async function applyOne(
  ctx: Ctx,
  apply: (ctx: Ctx) => Promise<RecordOutcome>,
): Promise<RecordOutcome | { message: string }> {
  let outcome: RecordOutcome = "unchanged";
  try {
    await inSavepoint(ctx, async (c) => {
      outcome = await apply(c);
    });
    return outcome;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { message: describe(error) };
  }
}

function describe(error: AppError): string {
  const fields = (error.details as { fields?: Record<string, string> } | undefined)?.fields;
  return fields ? `${error.message} ${Object.values(fields).join("; ")}` : error.message;
}

function emptyPage(records: readonly { modifiedAt: Date }[]): PageResult & { errors: CrmRecordError[] } {
  const newest = records.reduce<Date | null>((max, r) => (!max || r.modifiedAt > max ? r.modifiedAt : max), null);
  return { outcomes: [], errors: [], watermark: newest };
}

function sourceOf(services: Services, connection: CrmConnectionRow): CrmSource {
  const client = {
    authUrl: connection.authUrl,
    clientId: connection.clientId,
    clientSecret: services.secrets.open(connection.clientSecretSealed),
    refreshToken: services.secrets.open(connection.refreshTokenSealed),
  };
  const accessToken = connection.accessTokenSealed ? services.secrets.open(connection.accessTokenSealed) : null;
  if (connection.provider === "salesforce") {
    // Salesforce answers the instance URL with each token; the stored one goes with the stored token.
    const initial = accessToken && connection.apiUrl ? { accessToken, instanceUrl: connection.apiUrl } : null;
    return salesforceSource(client, connection.mapping, initial);
  }
  const initial = accessToken ? { accessToken } : null;
  return hubspotSource(client, connection.apiUrl ?? HUBSPOT_API_URL, connection.mapping, initial);
}
