// /quarantine: inbound that could not be ingested, kept for admins to look at, and discarding it.
import { IdParams, QuarantineActionInput } from "@switchboard/api";
import { resolveQuarantine } from "../../commands/quarantine";
import { assertCan } from "../../domain/permissions";
import { listQuarantine } from "../../queries/quarantine";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { presentQuarantine } from "../presenters";
import type { ZodApp } from "./types";

export function quarantineRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  app.get("/quarantine", { ...opts, schema: { tags: ["settings"] } }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "quarantine.write");
    return { items: (await listQuarantine(db(), p.workspaceId)).map(presentQuarantine) };
  });
  app.post(
    "/quarantine/:id",
    { ...opts, schema: { params: IdParams, body: QuarantineActionInput, tags: ["settings"] } },
    async (request) =>
      presentQuarantine(await command(request, (ctx) => resolveQuarantine(ctx, request.params.id, "discarded"))),
  );
}
