// The model's value for a text field is kept only when it is in the customer's words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatRequest, startOpenAiStandIn } from "../../../test/routing/openaiStandIn";
import { generativeFiller, groundedSpan } from "./generative";

const ORDER = {
  label: "Order number",
  description: "Order number: the customer's order or invoice id like INV-1234",
  text: "Hi! Our invoice  inv-77120 charged us twice. Please refund.",
};

let answer = "";
let standIn: Awaited<ReturnType<typeof startOpenAiStandIn>>;
beforeAll(async () => {
  standIn = await startOpenAiStandIn((_r: ChatRequest) => ({ status: answer === "fail" ? 500 : 200, content: answer }));
});
afterAll(() => standIn.close());

const filler = () => generativeFiller({ baseURL: standIn.url, apiKey: "sk-test", model: "fields-model" });

describe("generativeFiller", () => {
  it("keeps a value found in the customer's words, spelled as they wrote it", async () => {
    answer = "INV-77120";
    const r = await filler()(ORDER);
    expect(r).toMatchObject({ value: "inv-77120", provider: "openai-compatible:fields-model", confidence: null });
    expect(r.reason).toBe(
      "The model took “inv-77120” from the customer's words: “Our invoice  inv-77120 charged us twice.”.",
    );
    const sent = standIn.requests.at(-1);
    expect(sent?.messages.map((m) => m.content).join("\n")).toContain("like INV-1234");
  });

  it("falls back to the extractor when the model invents a value or fails", async () => {
    answer = "INV-99999";
    const invented = await filler()(ORDER);
    expect(invented).toMatchObject({ value: "inv-77120", provider: "local (fallback)" });
    expect(invented.confidence).toBeGreaterThan(0.5);
    expect(invented.reason).toContain("(Offline: the model's “INV-99999” is not in the customer's words.)");
    answer = "fail";
    const failed = await filler()(ORDER);
    expect(failed.provider).toBe("local (fallback)");
    expect(failed.reason).toContain("AI provider failed");
  });

  it("grounds ignoring case, quotes and spacing only", () => {
    expect(groundedSpan("“csv export”", "The CSV\nexport broke")).toBe("CSV\nexport");
    expect(groundedSpan("CSV exports", "The CSV export broke")).toBeNull();
  });
});
