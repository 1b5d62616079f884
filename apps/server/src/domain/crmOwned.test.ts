// CRM-owned account fields: an edit that changes one is refused naming it and the CRM; the same
// value, other fields and accounts without a CRM pass.
import { describe, expect, it } from "vitest";
import { assertNotCrmOwned } from "./crmOwned";
import { AppError } from "./errors";

const synced = {
  crmSource: "hubspot" as const,
  crmFields: ["tier", "tcv", "customFields.plan"],
  customFields: { plan: "Growth", region: "EMEA" },
  tier: "Enterprise",
  tcv: 1200,
};

const refusal = (edit: Record<string, unknown>) => {
  try {
    assertNotCrmOwned(synced, edit);
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, details: error.details };
  }
};

describe("CRM-owned fields", () => {
  it("refuses a change of a synced field, naming the CRM", () => {
    expect(refusal({ tier: "Gold" })).toEqual({
      code: "validation_failed",
      details: { fields: { tier: "Synced from HubSpot; change it there." } },
    });
    expect(refusal({ customFields: { plan: "Business" } })?.details).toEqual({
      fields: { "customFields.plan": "Synced from HubSpot; change it there." },
    });
  });

  it("lets the same value, other fields and unsynced accounts through", () => {
    expect(refusal({ tier: "Enterprise", tcv: "1200" })).toBeUndefined();
    expect(refusal({ name: "Renamed", customFields: { region: "NA" } })).toBeUndefined();
    expect(() => assertNotCrmOwned({ ...synced, crmSource: null }, { tier: "Gold" })).not.toThrow();
  });
});
