// /tags: the workspace's issue tags.
import { CreateTagInput, IdParams, items, Ok, replies, Tag } from "@switchboard/api";
import { createTag, deleteTag } from "../../commands/tags";
import { listTags } from "../../queries/tags";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { presentTag } from "../presenters";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function tagRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getTags: { tags: ["settings"], response: replies({ 200: items(Tag) }, ...LIST_ERRORS) },
    postTags: { body: CreateTagInput, tags: ["settings"], response: replies({ 201: Tag }, ...WRITE_ERRORS) },
    deleteTagsId: { params: IdParams, tags: ["settings"], response: replies({ 200: Ok }, ...WRITE_ERRORS) },
  };

  app.get("/tags", { ...opts, schema: S.getTags }, async (request) => ({
    items: (await listTags(db(), principalOf(request).workspaceId)).map(presentTag),
  }));
  app.post("/tags", { ...opts, schema: S.postTags }, async (request, reply) => {
    reply.status(201);
    return presentTag(await command(request, (ctx) => createTag(ctx, request.body)));
  });
  app.delete("/tags/:id", { ...opts, schema: S.deleteTagsId }, async (request) => {
    await command(request, (ctx) => deleteTag(ctx, request.params.id));
    return { ok: true };
  });
}
