// Fields marked AI in settings are filled on new issues by the offline classifier over the
// field's description (and issues people labelled), or say on the decision why they stay empty.
import type { Decision } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../harness";
import { routingWorkspace, SLOW } from "./fixture";

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

  it("leaves a field the offline AI cannot fill empty and says why", async () => {
    const w = await routingWorkspace(app());
    const summary = { object: "issue", key: "summary", label: "Summary", type: "text", aiEnabled: true };
    expect(
      (await w.as.post("/custom-fields", { ...summary, description: "One line on what the customer wants." }))
        .statusCode,
    ).toBe(201);
    const n = await w.open("Export", "The CSV export times out for our workspace.");
    expect((await w.issue(n)).customFields.summary).toBeUndefined();
    const decision = (await w.decisions(n)).find((d: Decision) => d.kind === "field");
    expect(decision?.output).toMatchObject({ key: "summary", value: null });
    expect(decision?.reason).toBe("The offline AI fills choice fields only; a text field is left for people.");
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
