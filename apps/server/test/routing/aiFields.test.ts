// Fields marked AI in settings are filled on new issues by the offline classifier over the
// field's description (and issues people labelled), or say on the decision why they stay empty.
import type { Decision } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../harness";
import { FEATURE_FIELD, ORDER_FIELD, routingWorkspace, SLOW } from "./fixture";

const app = useTestApp();

const CATEGORY = {
  object: "issue",
  key: "category",
  label: "Category",
  type: "select",
  options: ["How-to", "Bug", "Feature request", "Onboarding", "Commercials", "Migration", "Billing", "Pre-sales"],
  aiEnabled: true,
  description:
    "What the customer needs: How-to (using the product), Bug (something broken), Feature request, Onboarding, Commercials (renewal, pricing, add-ons), Migration (moving from previous tooling), Billing (invoices, payments, refunds, charges), Pre-sales (prospects and trials).",
};

describe("AI custom fields", SLOW, () => {
  it("fills an AI choice field on a new issue from its description, with the reason", async () => {
    const w = await routingWorkspace(app());
    expect((await w.as.post("/custom-fields", CATEGORY)).statusCode).toBe(201);
    const customer = await w.account({ type: "customer" });
    const n = await w.open(
      "Charged twice",
      "Our invoice charged us twice; please refund the duplicate charge.",
      customer,
    );

    expect((await w.issue(n)).customFields.category).toBe("Billing");
    const decision = (await w.decisions(n)).find((d: Decision) => d.kind === "field");
    expect(decision?.output).toMatchObject({ key: "category", label: "Category", value: "Billing" });
    expect(decision?.reason).toMatch(/^Reads as Billing \(\d+%\)/);
    const event = (await w.events(n)).find((e) => e.type === "field");
    expect(event).toMatchObject({ actorType: "system", data: { key: "category", to: "Billing" } });
  });

  it("fills an AI text field with the span of the customer's words its description asks for", async () => {
    const w = await routingWorkspace(app());
    expect((await w.as.post("/custom-fields", ORDER_FIELD)).statusCode).toBe(201);
    expect((await w.as.post("/custom-fields", FEATURE_FIELD)).statusCode).toBe(201);
    const n = await w.open(
      "Charged twice",
      "Hello! Our invoice INV-77120 charged us twice. Also the CSV exports time out since Monday.",
    );

    const issue = await w.issue(n);
    expect(issue.customFields.order).toBe("INV-77120");
    expect(issue.customFields.feature).toBe("CSV exports");
    const decisions = (await w.decisions(n)).filter((d: Decision) => d.kind === "field");
    const orderDecision = decisions.find((d) => d.output.key === "order");
    expect(orderDecision?.output).toMatchObject({ key: "order", label: "Order number", value: "INV-77120" });
    expect(orderDecision?.confidence).toBeGreaterThan(0.5);
    expect(orderDecision?.reason).toContain("“Our invoice INV-77120 charged us twice.”");
    const featureDecision = decisions.find((d) => d.output.key === "feature");
    expect(featureDecision?.reason).toMatch(
      /^Took “CSV exports” \(\d+%\) in “Also the CSV exports time out since Monday\.”/,
    );
    const event = (await w.events(n)).find((e) => e.type === "field" && e.data.key === "order");
    expect(event).toMatchObject({ actorType: "system", data: { key: "order", to: "INV-77120" } });
  });

  it("leaves a text field empty and says why when nothing matches its description", async () => {
    const w = await routingWorkspace(app());
    expect((await w.as.post("/custom-fields", ORDER_FIELD)).statusCode).toBe(201);
    const n = await w.open("Export", "The CSV export times out for our workspace.");
    expect((await w.issue(n)).customFields.order).toBeUndefined();
    const decision = (await w.decisions(n)).find((d: Decision) => d.kind === "field");
    expect(decision?.output).toMatchObject({ key: "order", value: null });
    expect(decision?.confidence).toBeNull();
    expect(decision?.reason).toBe("No value shaped like INV-1234 in the customer's words.");
  });

  it("takes a person's override of a text field decision", async () => {
    const w = await routingWorkspace(app());
    expect((await w.as.post("/custom-fields", FEATURE_FIELD)).statusCode).toBe(201);
    const n = await w.open("Login loop", "SSO login sends us back to the start page.");
    const decision = (await w.decisions(n)).find((d: Decision) => d.kind === "field");
    expect(decision?.output.value).toBe("SSO login");
    expect((await w.issue(n)).customFields.feature).toBe("SSO login");

    const res = await w.as.post(`/ai-decisions/${decision?.id}/override`, { value: "Okta SAML" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ correction: { key: "feature", value: "Okta SAML" } });
    expect(res.json().overriddenBy).toBeTruthy();
    expect((await w.issue(n)).customFields.feature).toBe("Okta SAML");
    const events = (await w.events(n)).filter((e) => e.type === "field" && e.data.key === "feature");
    expect(events.at(-1)).toMatchObject({ actorType: "user", data: { to: "Okta SAML" } });
  });

  it("fills on demand an issue that came before the field was switched on", async () => {
    const w = await routingWorkspace(app());
    const n = await w.open("Refund", "We were charged twice on the last invoice, please refund one payment.");
    expect((await w.issue(n)).customFields.category).toBeUndefined();
    expect((await w.as.post("/custom-fields", CATEGORY)).statusCode).toBe(201);

    const res = await w.as.post(`/issues/${n}/ai-fields`, {});
    expect(res.statusCode).toBe(200);
    const [decision] = res.json().items as Decision[];
    expect(decision).toMatchObject({ kind: "field", output: { key: "category", value: "Billing" } });
    expect(decision?.confidence).toBeGreaterThan(0.5);
    expect((await w.issue(n)).customFields.category).toBe("Billing");
    // Set already: asking again changes nothing and records nothing.
    expect((await w.as.post(`/issues/${n}/ai-fields`, {})).json().items).toEqual([]);
  });

  it("takes a person's override as the label it learns from on the next issue", async () => {
    const w = await routingWorkspace(app());
    expect((await w.as.post("/custom-fields", CATEGORY)).statusCode).toBe(201);
    const text = "SCIM provisioning from Okta deprovisions our contractors every night";
    const first = await w.open("SCIM provisioning", text);
    const before = (await w.decisions(first)).find((d: Decision) => d.kind === "field");
    expect(before?.output.value).not.toBe("Onboarding");

    const res = await w.as.post(`/ai-decisions/${before?.id}/override`, { value: "Onboarding" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ correction: { key: "category", value: "Onboarding" } });
    expect(res.json().overriddenBy).toBeTruthy();
    expect((await w.issue(first)).customFields.category).toBe("Onboarding");

    const next = await w.open("SCIM provisioning again", "Okta SCIM provisioning deprovisions our contractors again");
    expect((await w.issue(next)).customFields.category).toBe("Onboarding");
    const after = (await w.decisions(next)).find((d: Decision) => d.kind === "field");
    expect(after?.reason).toMatch(/^Reads as Onboarding/);
  });

  it("refuses a value override on a decision that is not a field's", async () => {
    const w = await routingWorkspace(app());
    const n = await w.open("Export", "The CSV export times out for our workspace.");
    const other = (await w.decisions(n)).find((d: Decision) => d.kind !== "field");
    const res = await w.as.post(`/ai-decisions/${other?.id}/override`, { value: "Bug" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe("Only an AI custom field decision can be overridden with a value.");
  });
});
