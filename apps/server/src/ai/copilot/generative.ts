// The copilot's generative path: with OPENAI_BASE_URL and OPENAI_MODEL set, the same retrieved
// sources as the extractive path — articles, then similar resolved issues' accepted answers — go
// to an OpenAI-compatible chat model (POST /chat/completions) as numbered sources, and its answer
// keeps only citations of those sources (grounding.ts). No valid citation left,
// or any failure of the model, and the extractive draft is used instead, saying why.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText } from "ai";
import { plainText } from "../../domain/knowledge/text";
import type { Citation, Composed, SourceAnswer, SourceArticle } from "./compose";
import { groundCitations } from "./grounding";

export interface GenerativeSettings {
  baseURL: string;
  apiKey?: string;
  model: string;
  /** An agent waits for this answer in the sidebar; past it, the extractive draft answers. */
  timeoutMs?: number;
}

export type DraftWriter = (input: DraftRequest, extractive: () => Composed) => Promise<WrittenDraft>;

export interface DraftRequest {
  question: string;
  customerName: string | null;
  articles: SourceArticle[];
  /** Similar resolved issues' accepted answers (the extractive draft may cite them too). */
  answers: SourceAnswer[];
}

export interface WrittenDraft extends Composed {
  provider: string;
  /** Citations the model made to sources it was not given, removed from the text. */
  refused: string[];
}

export const LOCAL_PROVIDER = "local (extractive)";

export const extractiveWriter: DraftWriter = async (_input, extractive) => ({
  ...extractive(),
  provider: LOCAL_PROVIDER,
  refused: [],
});

const SOURCE_CHARS = 3_000;

export function draftPrompt(input: DraftRequest, sources: Citation[]) {
  const articles = input.articles.map(
    (a, i) => `[${i + 1}] ${a.title}${a.url ? ` (${a.url})` : ""}\n${a.body.slice(0, SOURCE_CHARS)}`,
  );
  const answers = input.answers.map(
    (a, i) =>
      `[${input.articles.length + i + 1}] Issue #${a.number}: ${a.title} (how an agent answered a similar, resolved issue; cite it, never link it)\n${a.text.slice(0, SOURCE_CHARS)}`,
  );
  const listed = [...articles, ...answers].join("\n\n");
  return {
    system:
      "You draft a support agent's reply to a customer. Use only the numbered sources below. " +
      "After each sentence that uses a source, cite it as [n] with the source's number. Cite no other " +
      "number, link no other page, and if the sources do not answer the question, say so briefly. " +
      `Address the customer as ${input.customerName?.split(/\s+/)[0] ?? "there"}; be concise.\n\n` +
      `Sources (${sources.length}):\n\n${listed}`,
    prompt: `Customer's question:\n${input.question.slice(0, 4_000)}`,
  };
}

/** The sources as citations, numbered as the prompt numbers them: articles, then answers. */
const sourcesOf = (input: DraftRequest): Citation[] => [
  ...input.articles.map((a, i) => ({
    n: i + 1,
    kind: "article" as const,
    id: a.id,
    title: a.title,
    section: null,
    url: a.url,
    // Shown under the draft as the source's words: plain text, not markdown ("## Steps 1.").
    excerpt: plainText(a.body).slice(0, 400),
  })),
  ...input.answers.map((a, i) => ({
    n: input.articles.length + i + 1,
    kind: "message" as const,
    id: a.messageId,
    title: `Issue #${a.number}: ${a.title}`,
    section: null,
    url: null,
    excerpt: plainText(a.text).slice(0, 400),
  })),
];

export function generativeWriter(settings: GenerativeSettings): DraftWriter {
  const provider = createOpenAICompatible({
    name: "openai-compatible",
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
  });
  const name = `openai-compatible:${settings.model}`;
  return async (input, extractive) => {
    const sources = sourcesOf(input);
    if (sources.length === 0) return { ...extractive(), provider: LOCAL_PROVIDER, refused: [] };
    const fallback = (why: string, refused: string[] = []): WrittenDraft => {
      const local = extractive();
      return { ...local, provider: "local (fallback)", refused, reason: `${local.reason} (${why})` };
    };
    let answer: string;
    try {
      const { system, prompt } = draftPrompt(input, sources);
      const result = await generateText({
        model: provider.chatModel(settings.model),
        system,
        prompt,
        maxRetries: 0,
        abortSignal: AbortSignal.timeout(settings.timeoutMs ?? 20_000),
      });
      answer = result.text;
    } catch (error) {
      return fallback(`AI provider failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const grounded = groundCitations(answer, sources);
    if (grounded.citations.length === 0) {
      return fallback("the model's answer cited none of the retrieved sources", grounded.refused);
    }
    const titles = [...new Set(grounded.citations.map((c) => `"${c.title}"`))];
    return {
      text: grounded.text.trim(),
      citations: grounded.citations,
      confidence: Math.round((grounded.citations.length / sources.length) * 100) / 100,
      reason:
        `Written by ${settings.model} from ${titles.join(" and ")}, retrieved for the customer's words (published articles, similar resolved issues)` +
        (grounded.refused.length
          ? `; removed citations of sources it was not given: ${grounded.refused.join(", ")}`
          : "."),
      provider: name,
      refused: grounded.refused,
    };
  };
}

export function draftWriterFor(config: { OPENAI_BASE_URL?: string; OPENAI_API_KEY?: string; OPENAI_MODEL?: string }) {
  if (!config.OPENAI_BASE_URL || !config.OPENAI_MODEL) return extractiveWriter;
  return generativeWriter({
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    model: config.OPENAI_MODEL,
  });
}
