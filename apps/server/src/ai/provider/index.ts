// Picks the routing engine from configuration: OpenAI-compatible when OPENAI_BASE_URL and
// OPENAI_MODEL are set, the local classifier otherwise.
import type { Config } from "../../config";
import { openAiCompatibleEngine } from "./openaiCompatible";
import type { RouteEngine } from "./types";

export type { RouteAnswer, RouteEngine, RouteOption, RouteRequest } from "./types";

export const localEngine: RouteEngine = {
  name: "local",
  route: async (_request, local) => local(),
};

export function routeEngineFor(config: Pick<Config, "OPENAI_BASE_URL" | "OPENAI_API_KEY" | "OPENAI_MODEL">) {
  if (!config.OPENAI_BASE_URL || !config.OPENAI_MODEL) return localEngine;
  return openAiCompatibleEngine({
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    model: config.OPENAI_MODEL,
  });
}
