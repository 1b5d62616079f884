// Routing through an OpenAI-compatible chat model (OpenAI, Azure, vLLM, Ollama …) with
// structured output. Any failure — network, HTTP error, malformed or off-list answer —
// falls back to the local classifier, and the stored decision says so.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, Output } from "ai";
import { z } from "zod";
import type { RouteAnswer, RouteEngine, RouteRequest } from "./types";

export interface OpenAiCompatibleSettings {
  baseURL: string;
  apiKey?: string;
  model: string;
  /** Routing waits for this answer inside a job; keep it short and fall back. */
  timeoutMs?: number;
}

export const NONE = "none";

export function openAiCompatibleEngine(settings: OpenAiCompatibleSettings): RouteEngine {
  const provider = createOpenAICompatible({
    name: "openai-compatible",
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    supportsStructuredOutputs: true,
  });
  const name = `openai-compatible:${settings.model}`;
  return {
    name,
    async route(request, local) {
      try {
        return await askModel(request, provider.chatModel(settings.model), name, settings.timeoutMs ?? 20_000);
      } catch (error) {
        const fallback = local();
        const why = error instanceof Error ? error.message : String(error);
        return { ...fallback, provider: "local (fallback)", reason: `${fallback.reason} (AI provider failed: ${why})` };
      }
    },
  };
}

export function routeSchema(request: RouteRequest) {
  const names = request.options.map((o) => o.name);
  return z.object({
    runbook: z.enum([NONE, ...names]),
    confidence: z.number().min(0).max(1),
    evidence: z.array(z.string()).max(5),
    reason: z.string(),
  });
}

export function routePrompt(request: RouteRequest): { system: string; prompt: string } {
  const runbooks = request.options
    .map((o) => {
      const examples = o.examples.length ? `\nExamples:\n${o.examples.map((e) => `- ${e}`).join("\n")}` : "";
      return `## ${o.name}\n${o.instructions}${examples}`;
    })
    .join("\n\n");
  return {
    system:
      `You route customer-support issues. Pick the one runbook whose instructions fit the issue, ` +
      `or "${NONE}" when none clearly fits: then the issue stays with ${request.home.name}` +
      (request.home.instructions ? ` (${request.home.instructions})` : "") +
      `. Quote up to five short phrases of the issue as evidence and give a one-sentence reason.\n\n${runbooks}`,
    prompt: `Issue:\n${request.text.slice(0, 8_000)}`,
  };
}

async function askModel(
  request: RouteRequest,
  model: Parameters<typeof generateText>[0]["model"],
  name: string,
  timeoutMs: number,
): Promise<RouteAnswer> {
  const { system, prompt } = routePrompt(request);
  const result = await generateText({
    model,
    system,
    prompt,
    output: Output.object({ schema: routeSchema(request), name: "route" }),
    maxRetries: 0,
    abortSignal: AbortSignal.timeout(timeoutMs),
  });
  const answer = result.output;
  const option = request.options.find((o) => o.name === answer.runbook);
  return {
    label: option?.label ?? null,
    confidence: answer.confidence,
    reason: answer.reason,
    evidence: answer.evidence,
    scores: option ? [{ label: option.label, probability: answer.confidence }] : [],
    provider: name,
  };
}
