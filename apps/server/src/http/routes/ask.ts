// POST /ask: Ask AI over the issues the asking agent may read (see ai/ask).
import { AskAnswer, AskInput, replies } from "@switchboard/api";
import { askQuestion } from "../../ai/ask";
import { askWriterFor } from "../../ai/ask/generative";
import { staffOf } from "../../queries/scope";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function askRoutes(app: ZodApp, { services }: RouteDeps) {
  const writer = askWriterFor(services.config);
  app.post(
    "/ask",
    {
      preHandler: requirePrincipal,
      schema: { body: AskInput, tags: ["ask"], response: replies({ 200: AskAnswer }, ...WRITE_ERRORS) },
    },
    async (request) => {
      const scope = scopeOf(request);
      staffOf(scope); // agents only: a customer is refused before anything is read
      return askQuestion(services.database.db, scope, request.body.question, new Date(), writer);
    },
  );
}
