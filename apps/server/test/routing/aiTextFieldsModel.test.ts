// An AI text field with an OpenAI-compatible endpoint (a local stand-in): the model's value is
// stored when it is in the customer's words; an invented one is refused and the offline
// extractor fills the field instead, saying so.
import type { Decision } from "@switchboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "../harness";
import { ORDER_FIELD, routingWorkspace, SLOW } from "./fixture";
import { type Respond, startOpenAiStandIn } from "./openaiStandIn";

const env: Record<string, string> = { OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "fields-model" };
let standIn: Awaited<ReturnType<typeof startOpenAiStandIn>> | undefined;

/** Field requests: the id the customer wrote, or an invented one when they mention "invented". Others fail. */
const respond: Respond = (request) => {
  const system = request.messages.find((m) => m.role === "system")?.content ?? "";
  const text = request.messages.find((m) => m.role === "user")?.content ?? "";
  if (!system.startsWith('You fill the support issue field "Order number"')) return { status: 500 };
  if (/invented/.test(text)) return { status: 200, content: "INV-00001" };
  return { status: 200, content: /INV-\d+/.exec(text)?.[0] ?? "NONE" };
};

beforeAll(async () => {
  standIn = await startOpenAiStandIn(respond);
  env.OPENAI_BASE_URL = standIn.url;
});
afterAll(async () => {
  await standIn?.close();
});

const app = useTestApp(env);

describe("AI text fields with an OpenAI-compatible provider", SLOW, () => {
  it("stores the model's value when it is in the customer's words", async () => {
    const w = await routingWorkspace(app());
    expect((await w.as.post("/custom-fields", ORDER_FIELD)).statusCode).toBe(201);
    const n = await w.open("Refund", "Invoice INV-4410 was charged twice, please refund.");
    expect((await w.issue(n)).customFields.order).toBe("INV-4410");
    const decision = (await w.decisions(n)).find((d: Decision) => d.kind === "field");
    expect(decision).toMatchObject({ provider: "openai-compatible:fields-model", output: { value: "INV-4410" } });
    expect(decision?.reason).toBe(
      "The model took “INV-4410” from the customer's words: “Invoice INV-4410 was charged twice, please refund.”.",
    );
  });

  it("refuses a value the customer never wrote and lets the extractor fill the field", async () => {
    const w = await routingWorkspace(app());
    expect((await w.as.post("/custom-fields", ORDER_FIELD)).statusCode).toBe(201);
    const n = await w.open("Refund", "Invoice INV-5520 was charged twice (not invented), please refund.");
    expect((await w.issue(n)).customFields.order).toBe("INV-5520");
    const decision = (await w.decisions(n)).find((d: Decision) => d.kind === "field");
    expect(decision).toMatchObject({ provider: "local (fallback)", output: { value: "INV-5520" } });
    expect(decision?.reason).toContain("(Offline: the model's “INV-00001” is not in the customer's words.)");
  });
});
