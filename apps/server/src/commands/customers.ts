// Accounts (customer companies) and contacts (people at them).
import { and, arrayOverlaps, eq } from "drizzle-orm";
import { isUniqueViolation } from "../db/errors";
import { accounts, contacts } from "../db/schema";
import { assertNotCrmOwned } from "../domain/crmOwned";
import { conflict, invalid } from "../domain/errors";
import { isOwnAddress } from "../domain/ownDomains";
import { workspaceDomains } from "../queries/accountSettings";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { checkFieldValues } from "./issues";
import { assertAccount, assertContact, assertUser } from "./lookup";

export type AccountRow = typeof accounts.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;

export interface AccountInput {
  name: string;
  domains?: string[];
  type?: AccountRow["type"];
  ownerUserId?: string | null;
  tier?: string | null;
  crmId?: string | null;
  renewalDate?: string | null;
  tcv?: number | null;
  products?: string[];
  customFields?: Record<string, unknown>;
  tags?: string[];
}

export async function createAccount(ctx: CommandContext, input: AccountInput): Promise<AccountRow> {
  authorize(ctx, "account.write");
  await assertCustomerDomains(ctx, input.domains ?? []);
  if (input.ownerUserId) await assertUser(ctx, input.ownerUserId);
  const fields = input.customFields ? await checkFieldValues(ctx, "account", input.customFields) : {};
  const rows = await ctx.tx
    .insert(accounts)
    .values({
      workspaceId: ctx.workspaceId,
      name: input.name.trim(),
      domains: normaliseDomains(input.domains ?? []),
      type: input.type ?? "customer",
      ownerUserId: input.ownerUserId ?? null,
      tier: input.tier ?? null,
      crmId: input.crmId ?? null,
      renewalDate: input.renewalDate ?? null,
      tcv: input.tcv ?? null,
      products: input.products ?? [],
      customFields: dropNulls(fields),
      tags: [...new Set(input.tags ?? [])],
    })
    .onConflictDoNothing()
    .returning();
  const account = rows[0];
  if (!account) throw conflict(`An account named "${input.name}" already exists.`);
  await ctx.notify({ kind: "account", id: account.id, action: "created" });
  return account;
}

export async function updateAccount(
  ctx: CommandContext,
  accountId: string,
  input: Partial<AccountInput>,
): Promise<AccountRow> {
  authorize(ctx, "account.write");
  if (input.domains) await assertCustomerDomains(ctx, input.domains);
  const account = await assertAccount(ctx, accountId);
  // What the CRM syncs is changed in the CRM; here it would be overwritten by the next sync.
  assertNotCrmOwned(account, input);
  if (input.ownerUserId) await assertUser(ctx, input.ownerUserId);
  const fields = input.customFields ? await checkFieldValues(ctx, "account", input.customFields) : {};
  const [updated] = await ctx.tx
    .update(accounts)
    .set({
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.domains !== undefined && { domains: normaliseDomains(input.domains) }),
      ...(input.type !== undefined && { type: input.type }),
      ...(input.ownerUserId !== undefined && { ownerUserId: input.ownerUserId }),
      ...(input.tier !== undefined && { tier: input.tier }),
      ...(input.crmId !== undefined && { crmId: input.crmId }),
      ...(input.renewalDate !== undefined && { renewalDate: input.renewalDate }),
      ...(input.tcv !== undefined && { tcv: input.tcv }),
      ...(input.products !== undefined && { products: input.products }),
      ...(input.tags !== undefined && { tags: [...new Set(input.tags)] }),
      customFields: dropNulls({ ...account.customFields, ...fields }),
      updatedAt: new Date(),
    })
    .where(eq(accounts.id, account.id))
    .returning();
  if (!updated) throw new Error("account vanished");
  await ctx.notify({ kind: "account", id: account.id, action: "updated" });
  return updated;
}

export interface ContactInput {
  name: string;
  email?: string | null;
  accountId?: string | null;
  slackUserId?: string | null;
  externalId?: string | null;
  avatarUrl?: string | null;
  /** Sees every issue of their account in the portal. */
  portalAdmin?: boolean;
  roles?: string[];
}

export async function createContact(ctx: CommandContext, input: ContactInput): Promise<ContactRow> {
  authorize(ctx, "contact.write");
  if (input.accountId) await assertAccount(ctx, input.accountId);
  const rows = await ctx.tx
    .insert(contacts)
    .values({
      workspaceId: ctx.workspaceId,
      name: input.name.trim(),
      email: input.email?.trim().toLowerCase() ?? null,
      accountId: input.accountId ?? null,
      slackUserId: input.slackUserId ?? null,
      externalId: input.externalId ?? null,
      avatarUrl: input.avatarUrl ?? null,
      portalAdmin: input.portalAdmin ?? false,
      roles: [...new Set(input.roles ?? [])],
    })
    .onConflictDoNothing()
    .returning();
  const contact = rows[0];
  if (!contact) throw conflict("A contact with that email, Slack user or external id already exists.");
  return contact;
}

export async function updateContact(
  ctx: CommandContext,
  contactId: string,
  input: Partial<ContactInput>,
): Promise<ContactRow> {
  authorize(ctx, "contact.write");
  const contact = await assertContact(ctx, contactId);
  if (input.accountId) await assertAccount(ctx, input.accountId);
  const [updated] = await ctx.tx
    .update(contacts)
    .set({
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.email !== undefined && { email: input.email?.trim().toLowerCase() ?? null }),
      ...(input.accountId !== undefined && { accountId: input.accountId }),
      ...(input.slackUserId !== undefined && { slackUserId: input.slackUserId }),
      ...(input.externalId !== undefined && { externalId: input.externalId }),
      ...(input.avatarUrl !== undefined && { avatarUrl: input.avatarUrl }),
      ...(input.portalAdmin !== undefined && { portalAdmin: input.portalAdmin }),
      ...(input.roles !== undefined && { roles: [...new Set(input.roles)] }),
      updatedAt: new Date(),
    })
    .where(eq(contacts.id, contact.id))
    .returning()
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? conflict("Another contact already has that email or id.") : error;
    });
  if (!updated) throw new Error("contact vanished");
  return updated;
}

/**
 * For each domain, the one account that lists it. A domain two accounts claim names neither:
 * mail from it stays unattributed rather than landing on the wrong customer.
 */
export async function accountsByDomain(ctx: CommandContext, domains: readonly string[]) {
  const byDomain = new Map<string, AccountRow>();
  const wanted = [...new Set(domains)];
  if (wanted.length === 0) return byDomain;
  const rows = await ctx.tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, ctx.workspaceId), arrayOverlaps(accounts.domains, wanted)));
  const claimed = new Set<string>();
  for (const account of rows) {
    for (const domain of account.domains) {
      if (!wanted.includes(domain)) continue;
      if (byDomain.has(domain)) claimed.add(domain);
      byDomain.set(domain, account);
    }
  }
  for (const domain of claimed) byDomain.delete(domain);
  return byDomain;
}

/** A customer account never claims the workspace's own domains: mail from there is a colleague's. */
async function assertCustomerDomains(ctx: CommandContext, domains: readonly string[]): Promise<void> {
  const wanted = normaliseDomains(domains);
  if (wanted.length === 0) return;
  const own = await workspaceDomains(ctx.tx, ctx.workspaceId);
  const ours = wanted.filter((d) => isOwnAddress(`x@${d}`, own));
  if (ours.length > 0) {
    throw invalid(`${ours.join(", ")} is your own company's domain (Settings → General), never a customer's.`, {
      fields: { domains: ours },
    });
  }
}

/** The domain accounts are matched on (`accountsByDomain`): lower-cased, undefined without one. */
export function emailDomain(email: string): string | undefined {
  return email.split("@")[1]?.toLowerCase() || undefined;
}

function normaliseDomains(domains: readonly string[]): string[] {
  return [...new Set(domains.map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))];
}

function dropNulls(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
}
