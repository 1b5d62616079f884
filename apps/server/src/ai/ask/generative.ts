// Ask AI's generative path: with OPENAI_BASE_URL and OPENAI_MODEL set, the issues read go to an
// OpenAI-compatible chat model as the only sources; it must cite them as #number, and any number
// it cites that was not read is removed from the text and reported. No valid citation, or any
// failure, and the offline answer stands, saying why.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText } from "ai";
import type { AskedIssue } from "../../queries/ask";
import { describeFilters, gist, type LocalAnswer } from "./answer";
import type { AskFilters } from "./parse";

export interface AskRequest {
  question: string;
  filters: AskFilters;
  total: number;
  issues: readonly AskedIssue[];
}

export interface WrittenAnswer {
  text: string;
  cited: number[];
  provider: string;
  refused: string[];
}

export type AskWriter = (request: AskRequest, local: LocalAnswer) => Promise<WrittenAnswer>;

export const LOCAL_PROVIDER = "local (extractive)";

export const extractiveAsk: AskWriter = async (_request, local) => ({
  text: local.text,
  cited: local.cited,
  provider: LOCAL_PROVIDER,
  refused: [],
});

/** Issues given to the model: the most recent ones read, each with its customer's words. */
const SOURCES = 40;

/** Keeps `#n` citations of issues that were read; removes and reports the others. Pure. */
export function groundIssueCitations(text: string, readNumbers: ReadonlySet<number>) {
  const cited: number[] = [];
  const refused: string[] = [];
  const grounded = text.replace(/#(\d{1,9})\b/g, (whole, digits: string) => {
    const n = Number(digits);
    if (!readNumbers.has(n)) {
      refused.push(`#${n}`);
      return "";
    }
    if (!cited.includes(n)) cited.push(n);
    return whole;
  });
  return {
    text: grounded
      .replace(/[ \t]+([.,;:!?)])/g, "$1")
      .replace(/[ \t]{2,}/g, " ")
      .trim(),
    cited,
    refused,
  };
}

export function generativeAsk(settings: { baseURL: string; apiKey?: string; model: string }): AskWriter {
  const provider = createOpenAICompatible({
    name: "openai-compatible",
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
  });
  return async (request, local) => {
    const sources = request.issues.slice(0, SOURCES);
    if (sources.length === 0) return extractiveAsk(request, local);
    const fallback = (why: string, refused: string[] = []): WrittenAnswer => ({
      text: `${local.text}\n(Offline answer: ${why}.)`,
      cited: local.cited,
      provider: "local (fallback)",
      refused,
    });
    const listed = sources
      .map((i) => `#${i.number} [${i.state}] ${i.title}${i.accountName ? ` (${i.accountName})` : ""}: ${gist(i)}`)
      .join("\n");
    let text: string;
    try {
      const result = await generateText({
        model: provider.chatModel(settings.model),
        system:
          "You answer a support team's question about their customer issues. Use only the issues listed; " +
          "cite each issue you use as #number. Cite no other number. Be brief; give counts from the totals given.\n\n" +
          `Filters: ${describeFilters(request.filters).join(", ") || "none"}. Matching issues: ${request.total}.\n` +
          `Offline ranking: ${local.groups.map((g) => `${g.label} (${g.count})`).join(", ") || "none"}.\n\nIssues:\n${listed}`,
        prompt: request.question.slice(0, 500),
        maxRetries: 0,
        abortSignal: AbortSignal.timeout(20_000),
      });
      text = result.text;
    } catch (error) {
      return fallback(`AI provider failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const grounded = groundIssueCitations(text, new Set(sources.map((i) => i.number)));
    if (grounded.cited.length === 0) return fallback("the model cited none of the issues read", grounded.refused);
    return {
      text: grounded.text,
      cited: grounded.cited,
      provider: `openai-compatible:${settings.model}`,
      refused: grounded.refused,
    };
  };
}

export function askWriterFor(config: { OPENAI_BASE_URL?: string; OPENAI_API_KEY?: string; OPENAI_MODEL?: string }) {
  if (!config.OPENAI_BASE_URL || !config.OPENAI_MODEL) return extractiveAsk;
  return generativeAsk({ baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY, model: config.OPENAI_MODEL });
}
