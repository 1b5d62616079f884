import { describe, expect, it } from "vitest";
import { exampleTokens, extractTextValue, shapeOf, TEXT_THRESHOLD } from "./extract";

const FEATURE =
  "Affected feature: which product area the customer is talking about, e.g. CSV export, SSO login, Slack integration, billing portal.";

describe("extractTextValue", () => {
  it("takes a token shaped like the description's example", () => {
    const r = extractTextValue(
      "Order number: the customer's order or invoice id like INV-1234",
      "Hi, we were charged twice.\nThe invoice INV-88213 shows two payments of $40 on order 12.",
    );
    expect(r.value).toBe("INV-88213");
    expect(r.confidence).toBeGreaterThan(TEXT_THRESHOLD);
    expect(r.reason).toContain("The invoice INV-88213 shows two payments of $40 on order 12.");
  });

  it("generalises the shape beyond the example's letters, less sure", () => {
    const r = extractTextValue("Order id like INV-1234", "Our order ORD-5521 never arrived.");
    expect(r.value).toBe("ORD-5521");
    expect(r.confidence).toBeLessThan(extractTextValue("like INV-1234", "INV-5521 please").confidence);
  });

  it("takes an email shaped like the example", () => {
    const r = extractTextValue(
      "Billing contact, e.g. ap@example.com",
      "Please send invoices to billing.team@acme.co.uk from now on.",
    );
    expect(r.value).toBe("billing.team@acme.co.uk");
  });

  it("picks the short phrase closest to the description", () => {
    const r = extractTextValue(
      FEATURE,
      "Since Monday the CSV exports time out for our workspace. Everything else is fine.",
    );
    expect(r.value).toBe("CSV exports");
    expect(r.evidence).toBe("Since Monday the CSV exports time out for our workspace.");
    expect(r.reason).toMatch(/^Took “CSV exports” \(\d+%\) in “Since Monday/);
  });

  it("stays empty with the closest candidate when nothing matches well", () => {
    const r = extractTextValue(FEATURE, "Our dashboard is slow in the mornings.");
    expect(r.value).toBeNull();
    expect(r.reason).toBe("Nothing in the customer's words matches the description.");
    // A near spelling ("Slackers" ~ "Slack") counts for part of a word only: not enough.
    const weak = extractTextValue(FEATURE, "Slackers on our team say the page freezes.");
    expect(weak.value).toBeNull();
    expect(weak.evidence).toBe("Slackers on our team say the page freezes.");
    expect(weak.reason).toMatch(/^Not sure enough \(closest: “Slackers”, \d+%; needs 50%\)\.$/);
  });

  it("fills from one keyword of the description, surer with two", () => {
    const one = extractTextValue(FEATURE, "The export of our reports is slow.");
    expect(one.value).toBe("export");
    const two = extractTextValue(FEATURE, "The CSV export of our reports is slow.");
    expect(two.value).toBe("CSV export");
    expect(two.confidence).toBeGreaterThan(one.confidence);
  });

  it("does not invent a shape from plain words", () => {
    expect(exampleTokens("Order number like INV-1234 or a@b.io, not 12")).toEqual(["INV-1234", "a@b.io"]);
    expect("see INV-42 and invx-1".match(shapeOf("INV-1234"))).toEqual(["INV-42", "invx-1"]);
    const noId = extractTextValue("Order number like INV-1234", "Where is my invoice for the order?");
    expect(noId).toMatchObject({ value: null, reason: "No value shaped like INV-1234 in the customer's words." });
    expect("INV-42-7".match(shapeOf("INV-1234"))).toBeNull();
  });
});
