// CRM sync: the connection and its mapping, sync runs, and applying one CRM record to an account
// or contact. The sync (integrations/crm/sync.ts) fetches pages and calls these per record, each in
// a savepoint, so a record is applied whole or not at all while the others of its page commit.
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { isUniqueViolation } from "../db/errors";
import {
  accounts,
  type CrmMapping,
  type CrmProvider,
  type CrmRecordError,
  contacts,
  crmConnections,
  crmSyncRuns,
  users,
} from "../db/schema";
import { CRM_NAMES, sameValue } from "../domain/crmOwned";
import { conflict, invalid } from "../domain/errors";
import { isOwnAddress } from "../domain/ownDomains";
import { workspaceDomains } from "../queries/accountSettings";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { nowOf } from "./context";
import { type AccountRow, accountsByDomain } from "./customers";
import { checkFieldValues } from "./issues";

const PROVIDER_NAMES = CRM_NAMES;

export interface CrmConnectionValues {
  authUrl: string;
  apiUrl: string | null;
  clientId: string;
  clientSecretSealed: string;
  refreshTokenSealed: string;
  accessTokenSealed: string | null;
  defaultMapping: CrmMapping;
}

/** Connects (or reconnects) a CRM; a new connection starts from the beginning (no watermarks). */
export async function saveCrmConnection(ctx: CommandContext, provider: CrmProvider, values: CrmConnectionValues) {
  authorize(ctx, "settings.write");
  const before = await crmConnectionOf(ctx, provider);
  const { defaultMapping, ...credentials } = values;
  const set = { ...credentials, accountWatermark: null, contactWatermark: null, updatedAt: nowOf(ctx) };
  const [row] = await ctx.tx
    .insert(crmConnections)
    .values({ workspaceId: ctx.workspaceId, provider, mapping: defaultMapping, ...set })
    .onConflictDoUpdate({ target: [crmConnections.workspaceId, crmConnections.provider], set })
    .returning();
  if (!row) throw new Error("crm connection upsert returned nothing");
  await recordSettingChange(ctx, { type: "crm_connection", id: provider }, before, row);
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: `${provider}.connected` });
  return row;
}

/** Disconnects; the accounts keep their values, which become editable in the app again. */
/** The provider's connection as stored (the audit log's "before"). */
async function crmConnectionOf(ctx: CommandContext, provider: CrmProvider) {
  const [row] = await ctx.tx
    .select()
    .from(crmConnections)
    .where(and(eq(crmConnections.workspaceId, ctx.workspaceId), eq(crmConnections.provider, provider)));
  return row ?? null;
}

export async function removeCrmConnection(ctx: CommandContext, provider: CrmProvider) {
  authorize(ctx, "settings.write");
  const [removed] = await ctx.tx
    .delete(crmConnections)
    .where(and(eq(crmConnections.workspaceId, ctx.workspaceId), eq(crmConnections.provider, provider)))
    .returning();
  if (removed) await recordSettingChange(ctx, { type: "crm_connection", id: provider }, removed, null);
  await ctx.tx
    .update(accounts)
    .set({ crmSource: null, crmFields: [] })
    .where(and(eq(accounts.workspaceId, ctx.workspaceId), eq(accounts.crmSource, provider)));
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: `${provider}.disconnected` });
}

/** A new mapping applies to records synced from now on; a full re-sync (watermarks reset) applies it to all. */
export async function setCrmMapping(ctx: CommandContext, provider: CrmProvider, mapping: CrmMapping) {
  authorize(ctx, "settings.write");
  if (Object.keys(mapping.customFields).length > 0)
    await assertAccountFieldKeys(ctx, Object.keys(mapping.customFields));
  const before = await crmConnectionOf(ctx, provider);
  const [row] = await ctx.tx
    .update(crmConnections)
    .set({ mapping, accountWatermark: null, contactWatermark: null, updatedAt: nowOf(ctx) })
    .where(and(eq(crmConnections.workspaceId, ctx.workspaceId), eq(crmConnections.provider, provider)))
    .returning();
  if (!row) throw conflict(`Connect ${PROVIDER_NAMES[provider]} first.`);
  await recordSettingChange(ctx, { type: "crm_connection", id: provider }, before, row);
  return row;
}

async function assertAccountFieldKeys(ctx: CommandContext, keys: string[]) {
  // checkFieldValues names unknown keys; a null value passes every type's check.
  await checkFieldValues(ctx, "account", Object.fromEntries(keys.map((k) => [k, null])));
}

/** Queues a sync run of the connection; one run per CRM at a time. */
export async function requestCrmSync(ctx: CommandContext, provider: CrmProvider, trigger: "schedule" | "manual") {
  authorize(ctx, "settings.write");
  const [connection] = await ctx.tx
    .select({ provider: crmConnections.provider })
    .from(crmConnections)
    .where(and(eq(crmConnections.workspaceId, ctx.workspaceId), eq(crmConnections.provider, provider)));
  if (!connection) throw conflict(`Connect ${PROVIDER_NAMES[provider]} first.`);
  await failStaleRuns(ctx, provider);
  const [run] = await ctx.tx
    .insert(crmSyncRuns)
    .values({
      workspaceId: ctx.workspaceId,
      provider,
      trigger,
      requestedByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
    })
    .onConflictDoNothing()
    .returning();
  if (!run) throw conflict(`A ${PROVIDER_NAMES[provider]} sync is already queued or running.`);
  await ctx.enqueue("crm.sync", { runId: run.id });
  return run;
}

/** A run a dead worker left `running` for an hour would block every later one. */
async function failStaleRuns(ctx: CommandContext, provider: CrmProvider) {
  const cutoff = new Date(nowOf(ctx).getTime() - 60 * 60_000);
  await ctx.tx
    .update(crmSyncRuns)
    .set({
      status: "failed",
      error: "The run stopped without finishing (its worker went away).",
      finishedAt: nowOf(ctx),
    })
    .where(
      and(
        eq(crmSyncRuns.workspaceId, ctx.workspaceId),
        eq(crmSyncRuns.provider, provider),
        inArray(crmSyncRuns.status, ["queued", "running"]),
        sql`coalesce(${crmSyncRuns.startedAt}, ${crmSyncRuns.createdAt}) < ${cutoff}`,
      ),
    );
}

/** Takes a queued run for this worker; undefined when another took it or it is gone. */
export async function startCrmRun(ctx: CommandContext, runId: string) {
  const [run] = await ctx.tx
    .update(crmSyncRuns)
    .set({ status: "running", startedAt: nowOf(ctx) })
    .where(
      and(eq(crmSyncRuns.workspaceId, ctx.workspaceId), eq(crmSyncRuns.id, runId), eq(crmSyncRuns.status, "queued")),
    )
    .returning();
  return run;
}

export type RecordOutcome = "created" | "updated" | "unchanged";

export interface PageResult {
  outcomes: RecordOutcome[];
  errors: CrmRecordError[];
  /** The newest modification time of the page: the object's watermark moves there. */
  watermark: Date | null;
}

/** Stored errors per run are capped: a mapping wrong for every record should not store them all. */
const MAX_STORED_ERRORS = 200;

/** Adds a page's counts and errors to the run and moves the object's watermark, with the page's records. */
export async function recordCrmPage(
  ctx: CommandContext,
  run: { id: string; provider: CrmProvider },
  object: "account" | "contact",
  page: PageResult,
) {
  const count = (o: RecordOutcome) => page.outcomes.filter((x) => x === o).length;
  await ctx.tx
    .update(crmSyncRuns)
    .set({
      created: sql`${crmSyncRuns.created} + ${count("created")}`,
      updated: sql`${crmSyncRuns.updated} + ${count("updated")}`,
      unchanged: sql`${crmSyncRuns.unchanged} + ${count("unchanged")}`,
      failed: sql`${crmSyncRuns.failed} + ${page.errors.length}`,
      errors: sql`(${crmSyncRuns.errors} || ${JSON.stringify(page.errors)}::jsonb)`,
    })
    .where(and(eq(crmSyncRuns.workspaceId, ctx.workspaceId), eq(crmSyncRuns.id, run.id)));
  await ctx.tx.execute(
    sql`UPDATE ${crmSyncRuns} SET errors = (SELECT coalesce(jsonb_agg(e), '[]'::jsonb) FROM (SELECT e FROM jsonb_array_elements(errors) AS e LIMIT ${MAX_STORED_ERRORS}) AS kept) WHERE id = ${run.id} AND jsonb_array_length(errors) > ${MAX_STORED_ERRORS}`,
  );
  if (page.watermark) {
    const column = object === "account" ? crmConnections.accountWatermark : crmConnections.contactWatermark;
    await ctx.tx
      .update(crmConnections)
      .set(object === "account" ? { accountWatermark: page.watermark } : { contactWatermark: page.watermark })
      .where(
        and(
          eq(crmConnections.workspaceId, ctx.workspaceId),
          eq(crmConnections.provider, run.provider),
          or(isNull(column), sql`${column} < ${page.watermark}`),
        ),
      );
  }
}

export async function finishCrmRun(
  ctx: CommandContext,
  run: { id: string; provider: CrmProvider },
  outcome: { error: string | null; token?: { accessTokenSealed: string; instanceUrl?: string } | null },
) {
  await ctx.tx
    .update(crmSyncRuns)
    .set({ status: outcome.error ? "failed" : "succeeded", error: outcome.error, finishedAt: nowOf(ctx) })
    .where(and(eq(crmSyncRuns.workspaceId, ctx.workspaceId), eq(crmSyncRuns.id, run.id)));
  const token = outcome.token;
  if (token)
    await ctx.tx
      .update(crmConnections)
      .set({ accessTokenSealed: token.accessTokenSealed, ...(token.instanceUrl && { apiUrl: token.instanceUrl }) })
      .where(and(eq(crmConnections.workspaceId, ctx.workspaceId), eq(crmConnections.provider, run.provider)));
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: `${run.provider}.synced` });
}

// ---- records ---------------------------------------------------------------------------

/** A CRM account as the mapping read it; a field left undefined is not synced (the app owns it). */
export interface CrmAccountPatch {
  externalId: string;
  name: string;
  domain: string | null;
  /** The owner's email; null: the CRM record has no owner. */
  ownerEmail?: string | null;
  tier?: string | null;
  type?: AccountRow["type"];
  renewalDate?: string | null;
  tcv?: number | null;
  products?: string[];
  customFields: Record<string, unknown>;
}

export async function applyCrmAccount(
  ctx: CommandContext,
  provider: CrmProvider,
  patch: CrmAccountPatch,
): Promise<RecordOutcome> {
  const existing = await matchAccount(ctx, patch);
  const fields = Object.keys(patch.customFields).length
    ? await checkFieldValues(ctx, "account", patch.customFields)
    : {};
  const own = await workspaceDomains(ctx.tx, ctx.workspaceId);
  if (patch.domain && isOwnAddress(`x@${patch.domain}`, own))
    throw invalid(`${patch.domain} is your own company's domain, never a customer's.`);
  const values = {
    name: patch.name,
    ...(patch.ownerEmail !== undefined && { ownerUserId: await userByEmail(ctx, patch.ownerEmail) }),
    ...(patch.tier !== undefined && { tier: patch.tier }),
    ...(patch.type !== undefined && { type: patch.type }),
    ...(patch.renewalDate !== undefined && { renewalDate: patch.renewalDate }),
    ...(patch.tcv !== undefined && { tcv: patch.tcv }),
    ...(patch.products !== undefined && { products: patch.products }),
  };
  const crmFields = [...Object.keys(values), ...Object.keys(fields).map((k) => `customFields.${k}`)].sort();
  const domains = existing ? existing.domains : [];
  const nextDomains = patch.domain && !domains.includes(patch.domain) ? [...domains, patch.domain] : domains;
  const customFields = dropNulls({ ...(existing?.customFields ?? {}), ...fields });
  const now = nowOf(ctx);
  if (!existing) {
    const rows = await ctx.tx
      .insert(accounts)
      .values({
        workspaceId: ctx.workspaceId,
        ...values,
        domains: nextDomains,
        crmId: patch.externalId,
        crmSource: provider,
        crmFields,
        customFields,
        crmSyncedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: accounts.id });
    const created = rows[0];
    if (!created) throw conflict(`An account named "${patch.name}" already exists with another CRM id.`);
    await ctx.notify({ kind: "account", id: created.id, action: "created" });
    return "created";
  }
  const same =
    existing.crmId === patch.externalId &&
    existing.crmSource === provider &&
    sameList(existing.crmFields, crmFields) &&
    sameList(existing.domains, nextDomains) &&
    JSON.stringify(existing.customFields) === JSON.stringify(customFields) &&
    Object.entries(values).every(([key, value]) => sameValue(existing[key as keyof AccountRow], value));
  if (same) {
    await ctx.tx.update(accounts).set({ crmSyncedAt: now }).where(eq(accounts.id, existing.id));
    return "unchanged";
  }
  await ctx.tx
    .update(accounts)
    .set({
      ...values,
      domains: nextDomains,
      crmId: patch.externalId,
      crmSource: provider,
      crmFields,
      customFields,
      crmSyncedAt: now,
      updatedAt: now,
    })
    .where(eq(accounts.id, existing.id))
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? conflict(`Another account is already named "${patch.name}".`) : error;
    });
  await ctx.notify({ kind: "account", id: existing.id, action: "updated" });
  return "updated";
}

/** By CRM id first, then by the one account claiming the record's domain. */
async function matchAccount(ctx: CommandContext, patch: CrmAccountPatch): Promise<AccountRow | undefined> {
  const [byId] = await ctx.tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, ctx.workspaceId), eq(accounts.crmId, patch.externalId)))
    .limit(1);
  if (byId) return byId;
  if (!patch.domain) return undefined;
  const byDomain = (await accountsByDomain(ctx, [patch.domain])).get(patch.domain);
  // An account another CRM record already claims is not this one.
  return byDomain && (byDomain.crmId === null || byDomain.crmId === patch.externalId) ? byDomain : undefined;
}

async function userByEmail(ctx: CommandContext, email: string | null): Promise<string | null> {
  if (!email) return null;
  const [user] = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), sql`lower(${users.email}) = ${email.toLowerCase()}`));
  // An owner who is not a person of this workspace (a sales rep without a Switchboard seat) owns nothing here.
  return user?.id ?? null;
}

export interface CrmContactRecord {
  externalId: string;
  name: string;
  email: string | null;
  accountExternalId: string | null;
}

/** A contact by CRM id, then by email; its account is the one synced from the CRM's account id. */
export async function applyCrmContact(ctx: CommandContext, record: CrmContactRecord): Promise<RecordOutcome> {
  const email = record.email?.trim().toLowerCase() || null;
  const [account] = record.accountExternalId
    ? await ctx.tx
        .select({ id: accounts.id })
        .from(accounts)
        .where(and(eq(accounts.workspaceId, ctx.workspaceId), eq(accounts.crmId, record.accountExternalId)))
        .limit(1)
    : [];
  const accountId = account?.id ?? null;
  const [existing] = await ctx.tx
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, ctx.workspaceId),
        or(eq(contacts.crmId, record.externalId), email ? sql`lower(${contacts.email}) = ${email}` : undefined),
      ),
    )
    .orderBy(sql`${contacts.crmId} = ${record.externalId} DESC NULLS LAST`)
    .limit(1);
  if (!existing) {
    const rows = await ctx.tx
      .insert(contacts)
      .values({ workspaceId: ctx.workspaceId, name: record.name, email, accountId, crmId: record.externalId })
      .onConflictDoNothing()
      .returning({ id: contacts.id });
    if (!rows[0]) throw conflict("Another contact already has that email.");
    return "created";
  }
  const next = { name: record.name, email: email ?? existing.email, accountId: accountId ?? existing.accountId };
  if (
    existing.crmId === record.externalId &&
    existing.name === next.name &&
    existing.email === next.email &&
    existing.accountId === next.accountId
  )
    return "unchanged";
  await ctx.tx
    .update(contacts)
    .set({ ...next, crmId: record.externalId, updatedAt: nowOf(ctx) })
    .where(eq(contacts.id, existing.id))
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? conflict("Another contact already has that email.") : error;
    });
  return "updated";
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function dropNulls(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
}
