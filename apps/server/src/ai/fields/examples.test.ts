import { describe, expect, it } from "vitest";
import { bestOption, clauses, fieldExamples, listItems } from "./examples";

const CATEGORY = {
  options: ["How-to", "Bug", "Billing", "Migration"],
  description:
    "What the customer needs: How-to (using the product), Bug (something broken), Migration (moving from previous tooling), Billing (invoices, payments).",
};

describe("an AI field's examples from its description", () => {
  it("splits the description into items, keeping commas inside parentheses", () => {
    expect(clauses(CATEGORY.description)).toEqual([
      "What the customer needs",
      "How-to (using the product)",
      "Bug (something broken)",
      "Migration (moving from previous tooling)",
      "Billing (invoices, payments)",
    ]);
  });

  it("gives each item to the option it names, by words as well as by exact name", () => {
    expect(bestOption("the sync engine (schedules, runs, row counts)", ["Connectors", "Sync engine"])).toBe(
      "Sync engine",
    );
    expect(bestOption("API and webhooks", ["API & webhooks", "Account & billing"])).toBe("API & webhooks");
    expect(bestOption("What the customer needs", CATEGORY.options)).toBeUndefined();
  });

  it("adds labelled history, heavier, and drops values that are not options", () => {
    const examples = fieldExamples(CATEGORY, [
      { text: "Refund the duplicate charge", value: "Billing" },
      { text: "Something old", value: "Retired option" },
    ]);
    expect(examples).toContainEqual({ text: "Billing (invoices, payments)", label: "Billing" });
    expect(examples).toContainEqual({ text: "Refund the duplicate charge", label: "Billing", weight: 2 });
    expect(examples.some((e) => e.label === "Retired option")).toBe(false);
  });

  it("makes each keyword in an option's parentheses an example of that option", () => {
    expect(listItems("Billing (invoices, payments, a)")).toEqual(["invoices", "payments"]);
    expect(listItems("Bug")).toEqual([]);
    const examples = fieldExamples(CATEGORY, []);
    expect(examples).toContainEqual({ text: "invoices", label: "Billing" });
    expect(examples).toContainEqual({ text: "payments", label: "Billing" });
  });
});
