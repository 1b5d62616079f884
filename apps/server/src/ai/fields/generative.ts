// AI text fields with a model: with OPENAI_BASE_URL and OPENAI_MODEL set, the field's description
// and the customer's words go to an OpenAI-compatible chat model (the same client as Ask AI and
// the copilot). Its value is kept only when it is copied from the customer's words; anything else
// (an invented value, NONE, a failure) and the offline extractor decides, saying why.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText } from "ai";
import { type Extraction, extractTextValue } from "./extract";

export interface TextFieldRequest {
  label: string;
  description: string;
  text: string;
}

export interface TextFieldAnswer extends Omit<Extraction, "confidence"> {
  /** The extractor's similarity; null when the model chose (it gives no calibrated probability). */
  confidence: number | null;
  provider: string;
}

export type TextFieldFiller = (request: TextFieldRequest) => Promise<TextFieldAnswer>;

export const extractiveFiller: TextFieldFiller = async (r) => ({
  ...extractTextValue(r.description, r.text),
  provider: "local",
});

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/** Where `value` occurs in `text` ignoring case and runs of spaces, as the text spells it; else null. Pure. */
export function groundedSpan(value: string, text: string): string | null {
  const want = squash(value.replace(/^["“'‘]+|["”'’.]+$/g, ""));
  if (!want) return null;
  const pattern = want
    .split(" ")
    .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join("\\s+");
  return new RegExp(pattern, "i").exec(text)?.[0] ?? null;
}

export function generativeFiller(settings: { baseURL: string; apiKey?: string; model: string }): TextFieldFiller {
  const provider = createOpenAICompatible({
    name: "openai-compatible",
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
  });
  return async (request) => {
    const offline = extractTextValue(request.description, request.text);
    const fallback = (why: string): TextFieldAnswer => ({
      ...offline,
      reason: `${offline.reason} (Offline: ${why}.)`,
      provider: "local (fallback)",
    });
    let answer: string;
    try {
      const result = await generateText({
        model: provider.chatModel(settings.model),
        system:
          `You fill the support issue field "${request.label}". What it holds: ${request.description}\n` +
          "Answer with the value only, copied exactly from the customer's message (a short phrase, an id, an email). " +
          "If the message does not contain it, answer NONE.",
        prompt: request.text.slice(0, 4_000),
        maxRetries: 0,
        abortSignal: AbortSignal.timeout(20_000),
      });
      answer = result.text.trim();
    } catch (error) {
      return fallback(`AI provider failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!answer || /^none\.?$/i.test(answer)) return fallback("the model found no value");
    const span = groundedSpan(answer.split("\n")[0] ?? "", request.text);
    if (!span || span.length > 200)
      return fallback(`the model's “${answer.slice(0, 80)}” is not in the customer's words`);
    const evidence = /[^.!?\n]*$/.exec(request.text.slice(0, request.text.indexOf(span)))?.[0] ?? "";
    const sentence =
      `${evidence}${request.text.slice(request.text.indexOf(span)).match(/^[^.!?\n]*[.!?]?/)?.[0] ?? span}`.trim();
    return {
      value: span,
      confidence: null,
      evidence: sentence,
      reason: `The model took “${span}” from the customer's words: “${sentence}”.`,
      provider: `openai-compatible:${settings.model}`,
    };
  };
}

export function textFieldFillerFor(config: {
  OPENAI_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  OPENAI_MODEL?: string;
}) {
  if (!config.OPENAI_BASE_URL || !config.OPENAI_MODEL) return extractiveFiller;
  return generativeFiller({
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    model: config.OPENAI_MODEL,
  });
}
