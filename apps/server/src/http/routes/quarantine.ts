// /quarantine: inbound that could not be ingested, kept for admins to look at, and discarding it.
import { IdParams, items, QuarantineActionInput, QuarantineEntry, replies } from "@switchboard/api";
import { resolveQuarantine } from "../../commands/quarantine";
import { assertCan } from "../../domain/permissions";
import { listQuarantine } from "../../queries/quarantine";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { presentQuarantine } from "../presenters";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function quarantineRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getQuarantine: { tags: ["settings"], response: replies({ 200: items(QuarantineEntry) }, ...LIST_ERRORS) },
  };

  app.get("/quarantine", { ...opts, schema: S.getQuarantine }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "quarantine.write");
    return { items: (await listQuarantine(db(), p.workspaceId)).map(presentQuarantine) };
  });
  app.post(
    "/quarantine/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: QuarantineActionInput,
        tags: ["settings"],
        response: replies({ 200: QuarantineEntry }, ...WRITE_ERRORS),
      },
    },
    async (request) =>
      presentQuarantine(await command(request, (ctx) => resolveQuarantine(ctx, request.params.id, "discarded"))),
  );
}
