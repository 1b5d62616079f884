// A CRM record read through the connection's mapping into the account fields we sync. Pure: the
// sync applies the result (commands/crm.ts); a value we cannot read makes the record an error
// reported in the run, never a half-applied account.
import type { CrmAccountPatch } from "../../commands/crm";
import type { CrmMapping } from "../../db/schema";
import { pathValue, type SourceAccount } from "./source";

export type MappedAccount = { ok: true; patch: CrmAccountPatch } | { ok: false; name: string | null; message: string };

export function mapAccount(record: SourceAccount, mapping: CrmMapping): MappedAccount {
  const read = (field: string | null) => (field ? pathValue(record.fields, field) : undefined);
  const name = textOf(read(mapping.name));
  if (!name) return { ok: false, name: null, message: `The record has no ${mapping.name}.` };
  const fail = (message: string): MappedAccount => ({ ok: false, name, message });

  const renewal = mapping.renewalDate ? dateOf(read(mapping.renewalDate)) : undefined;
  if (renewal === false) return fail(`${mapping.renewalDate} "${String(read(mapping.renewalDate))}" is not a date.`);
  const tcv = mapping.tcv ? amountOf(read(mapping.tcv)) : undefined;
  if (tcv === false) return fail(`${mapping.tcv} "${String(read(mapping.tcv))}" is not an amount.`);
  const type = mapping.type ? accountTypeOf(read(mapping.type)) : undefined;

  const customFields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(mapping.customFields)) {
    const value = read(field);
    customFields[key] = value === undefined || value === "" ? null : value;
  }
  return {
    ok: true,
    patch: {
      externalId: record.externalId,
      name,
      domain: domainOf(read(mapping.domain)),
      ...(record.ownerEmail !== undefined && { ownerEmail: record.ownerEmail }),
      ...(mapping.tier && { tier: textOf(read(mapping.tier)) }),
      ...(type && { type }),
      ...(renewal !== undefined && { renewalDate: renewal }),
      ...(tcv !== undefined && { tcv }),
      ...(mapping.products && { products: listOf(read(mapping.products)) }),
      customFields,
    },
  };
}

function textOf(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/** `https://www.acme.com/about` → `acme.com`; not a domain → null. */
export function domainOf(value: unknown): string | null {
  const text = textOf(value)?.toLowerCase();
  if (!text) return null;
  const host = text
    .replace(/^[a-z]+:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/:\d+$/, "")
    .replace(/^www\./, "");
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(host) ? host : null;
}

/** YYYY-MM-DD from a date, a date-time or epoch milliseconds (HubSpot); false: not a date. */
export function dateOf(value: unknown): string | null | false {
  if (value === null || value === undefined || value === "") return null;
  const text = String(value).trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Number.isNaN(Date.parse(text)) ? false : text;
  const date = /^\d{10,}$/.test(text)
    ? new Date(Number(text))
    : /^\d{4}-\d{2}-\d{2}T/.test(text)
      ? new Date(text)
      : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 10) : false;
}

/** A non-negative amount with at most two decimals' meaning; false: not a number. */
export function amountOf(value: unknown): number | null | false {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(String(value).replace(/[\s,]/g, ""));
  return Number.isFinite(n) && n >= 0 && n < 1e14 ? Math.round(n * 100) / 100 : false;
}

/** The CRM's account type in our words; a value we do not know (a partner type) is not synced. */
export function accountTypeOf(value: unknown): CrmAccountPatch["type"] {
  const text = textOf(value)?.toLowerCase();
  if (!text) return undefined;
  if (/churn|former|cancel/.test(text)) return "churned";
  if (/trial/.test(text)) return "trial";
  if (/customer|evangelist/.test(text)) return "customer";
  if (/prospect|lead|opportunity|subscriber/.test(text)) return "prospect";
  return undefined;
}

/** Multi-select values: Salesforce and HubSpot both join them with ";". */
export function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  const text = textOf(value);
  return text
    ? text
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}
