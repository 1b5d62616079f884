// /tags: the workspace's issue tags.
import { CreateTagInput, IdParams } from "@switchboard/api";
import { createTag, deleteTag } from "../../commands/tags";
import { listTags } from "../../queries/tags";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { presentTag } from "../presenters";
import type { ZodApp } from "./types";

export function tagRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  app.get("/tags", { ...opts, schema: { tags: ["settings"] } }, async (request) => ({
    items: (await listTags(db(), principalOf(request).workspaceId)).map(presentTag),
  }));
  app.post("/tags", { ...opts, schema: { body: CreateTagInput, tags: ["settings"] } }, async (request, reply) => {
    reply.status(201);
    return presentTag(await command(request, (ctx) => createTag(ctx, request.body)));
  });
  app.delete("/tags/:id", { ...opts, schema: { params: IdParams, tags: ["settings"] } }, async (request) => {
    await command(request, (ctx) => deleteTag(ctx, request.params.id));
    return { ok: true };
  });
}
