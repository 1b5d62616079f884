// Account fields a CRM owns are changed in the CRM: an edit in the app would be overwritten by the
// next sync, so it is refused with the field and where to change it.
import { invalid } from "./errors";

export type CrmSourceName = "salesforce" | "hubspot";

export const CRM_NAMES: Record<CrmSourceName, string> = { salesforce: "Salesforce", hubspot: "HubSpot" };

/** The parts of an account the check reads; `crmFields` name fields (`tier`) or `customFields.<key>`. */
export interface CrmOwnedAccount {
  crmSource: CrmSourceName | null;
  crmFields: readonly string[];
  customFields: Record<string, unknown>;
  [field: string]: unknown;
}

/** Throws validation_failed naming each CRM-owned field the edit would change (an equal value is no change). */
export function assertNotCrmOwned(account: CrmOwnedAccount, edit: Record<string, unknown>): void {
  if (!account.crmSource || account.crmFields.length === 0) return;
  const source = CRM_NAMES[account.crmSource];
  const problems: Record<string, string> = {};
  const editedFields = isRecord(edit.customFields) ? edit.customFields : {};
  for (const field of account.crmFields) {
    const key = field.startsWith("customFields.") ? field.slice("customFields.".length) : null;
    const changed =
      key === null
        ? field in edit && !sameValue(account[field], edit[field])
        : key in editedFields && !sameValue(account.customFields[key], editedFields[key]);
    if (changed) problems[field] = `Synced from ${source}; change it there.`;
  }
  const names = Object.keys(problems);
  if (names.length > 0)
    throw invalid(`${names.join(", ")} ${names.length === 1 ? "is" : "are"} synced from ${source}, read-only here.`, {
      fields: problems,
    });
}

/** Equal as synced values: null and undefined alike, numbers by value (numeric columns), the rest by JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
