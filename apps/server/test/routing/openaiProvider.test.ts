// The Router through an OpenAI-compatible endpoint (a local stand-in): the prompt carries the
// runbooks, the answer is structured output, and any failure falls back to the local model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "../harness";
import { routingWorkspace, SLOW } from "./fixture";
import { type Respond, startOpenAiStandIn } from "./openaiStandIn";

const env: Record<string, string> = { OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "router-model" };
let standIn: Awaited<ReturnType<typeof startOpenAiStandIn>> | undefined;

/** The stand-in answers "Migrations" for issues mentioning Zendesk and fails otherwise. */
const respond: Respond = (request) => {
  // The issue is the user message (the system prompt names Zendesk in the Migrations runbook).
  const text = request.messages.find((m) => m.role === "user")?.content ?? "";
  if (!/zendesk/i.test(text)) return { status: 500 };
  return {
    status: 200,
    content: JSON.stringify({
      runbook: "Migrations",
      confidence: 0.93,
      evidence: ["moving from Zendesk"],
      reason: "The customer is migrating tickets from Zendesk.",
    }),
  };
};

beforeAll(async () => {
  standIn = await startOpenAiStandIn(respond);
  env.OPENAI_BASE_URL = standIn.url;
});
afterAll(async () => {
  await standIn?.close();
});

// Registered after the stand-in's beforeAll, so the app starts with its URL in `env`.
const app = useTestApp(env);

describe("Router with an OpenAI-compatible provider", SLOW, () => {
  it("asks the model with the runbooks in the prompt and stores its structured answer", async () => {
    const w = await routingWorkspace(app());
    const n = await w.open("Moving from Zendesk", "We are moving from Zendesk and want our old tickets imported.");

    expect((await w.issue(n)).team?.id).toBe(w.teams.migrations);
    const [route] = (await w.decisions(n)).filter((d) => d.kind === "route");
    expect(route).toMatchObject({
      provider: "openai-compatible:router-model",
      confidence: expect.closeTo(0.93, 5),
      evidence: ["moving from Zendesk"],
      reason: "The customer is migrating tickets from Zendesk.",
      output: { action: "route", teamName: "Migrations" },
    });

    const request = standIn?.requests.at(-1);
    expect(request?.model).toBe("router-model");
    expect(request?.response_format?.type).toBe("json_schema");
    const system = request?.messages.find((m) => m.role === "system")?.content ?? "";
    for (const name of ["Customer Success", "Migrations", "Billing"]) expect(system).toContain(`## ${name}`);
    expect(system).toContain("stays with Support");
    expect(request?.messages.find((m) => m.role === "user")?.content).toContain("old tickets imported");
  });

  it("falls back to the local model when the provider fails, and says so", async () => {
    const w = await routingWorkspace(app());
    const n = await w.open("Invoice", "Our invoice for April charged us twice, please refund the duplicate charge.");

    expect((await w.issue(n)).team?.id).toBe(w.teams.billing);
    const [route] = (await w.decisions(n)).filter((d) => d.kind === "route");
    expect(route?.provider).toBe("local (fallback)");
    expect(route?.reason).toMatch(/AI provider failed/);
    expect(route?.evidence).toEqual(expect.arrayContaining(["invoice"]));
  });
});
