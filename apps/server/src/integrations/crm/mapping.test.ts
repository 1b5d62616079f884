// Reading CRM values into account fields: domains from websites, dates in the shapes CRMs send,
// amounts, account types in our words, multi-select lists, and a record refused whole.
import { describe, expect, it } from "vitest";
import { accountTypeOf, amountOf, dateOf, domainOf, listOf, mapAccount } from "./mapping";
import { SALESFORCE_DEFAULT_MAPPING } from "./salesforce";

describe("CRM mapping", () => {
  it("reads a domain out of a website", () => {
    expect(domainOf("https://www.Acme.example/about?x=1")).toBe("acme.example");
    expect(domainOf("acme.co.uk")).toBe("acme.co.uk");
    expect(domainOf("http://localhost:8080")).toBeNull();
    expect(domainOf("n/a")).toBeNull();
    expect(domainOf(null)).toBeNull();
  });

  it("reads dates as CRMs send them, and refuses what is not one", () => {
    expect(dateOf("2027-03-01")).toBe("2027-03-01");
    expect(dateOf("2027-03-01T00:00:00.000Z")).toBe("2027-03-01");
    expect(dateOf(String(Date.UTC(2027, 2, 1)))).toBe("2027-03-01");
    expect(dateOf("")).toBeNull();
    expect(dateOf("next spring")).toBe(false);
    expect(dateOf("2027-13-45")).toBe(false);
  });

  it("reads amounts and refuses words and negatives", () => {
    expect(amountOf(120000)).toBe(120000);
    expect(amountOf("48,000.505")).toBe(48000.51);
    expect(amountOf(null)).toBeNull();
    expect(amountOf("lots")).toBe(false);
    expect(amountOf(-5)).toBe(false);
  });

  it("names account types in our words and leaves unknown ones alone", () => {
    expect(accountTypeOf("Customer - Direct")).toBe("customer");
    expect(accountTypeOf("Former Customer")).toBe("churned");
    expect(accountTypeOf("Trial")).toBe("trial");
    expect(accountTypeOf("salesqualifiedlead")).toBe("prospect");
    expect(accountTypeOf("Channel Partner / Reseller")).toBeUndefined();
  });

  it("splits multi-select values", () => {
    expect(listOf("Inbox; Portal;;Slack")).toEqual(["Inbox", "Portal", "Slack"]);
    expect(listOf(["A", "B"])).toEqual(["A", "B"]);
    expect(listOf(null)).toEqual([]);
  });

  it("maps a record whole, or refuses it with the field that could not be read", () => {
    const record = {
      externalId: "001A",
      modifiedAt: new Date(),
      ownerEmail: "owner@example.com",
      fields: {
        Name: "Acme",
        Website: "acme.example",
        Tier__c: "Gold",
        Type: "Customer",
        Renewal_Date__c: "2027-01-01",
        TCV__c: "10",
        Products__c: "X",
      },
    };
    expect(mapAccount(record, SALESFORCE_DEFAULT_MAPPING)).toEqual({
      ok: true,
      patch: {
        externalId: "001A",
        name: "Acme",
        domain: "acme.example",
        ownerEmail: "owner@example.com",
        tier: "Gold",
        type: "customer",
        renewalDate: "2027-01-01",
        tcv: 10,
        products: ["X"],
        customFields: {},
      },
    });
    const bad = mapAccount({ ...record, fields: { ...record.fields, TCV__c: "ten" } }, SALESFORCE_DEFAULT_MAPPING);
    expect(bad).toEqual({ ok: false, name: "Acme", message: 'TCV__c "ten" is not an amount.' });
    expect(mapAccount({ ...record, fields: {} }, SALESFORCE_DEFAULT_MAPPING)).toMatchObject({ ok: false, name: null });
  });
});
