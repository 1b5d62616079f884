// /users: the workspace's people (agents); agent-only.
import { CreateUserInput, IdParams, UpdateUserInput } from "@switchboard/api";
import * as team from "../../commands/team";
import { staffOf } from "../../queries/scope";
import { listUsers } from "../../queries/users";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentUser } from "../presenters";
import type { ZodApp } from "./types";

export function userRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  app.get("/users", { ...opts, schema: { tags: ["users"] } }, async (request) => ({
    items: (await listUsers(db(), staffOf(scopeOf(request)).workspaceId)).map(presentUser),
  }));
  app.post("/users", { ...opts, schema: { body: CreateUserInput, tags: ["users"] } }, async (request, reply) => {
    reply.status(201);
    return presentUser(await command(request, (ctx) => team.createUser(ctx, request.body)));
  });
  app.patch(
    "/users/:id",
    { ...opts, schema: { params: IdParams, body: UpdateUserInput, tags: ["users"] } },
    async (request) =>
      presentUser(await command(request, (ctx) => team.updateUser(ctx, request.params.id, request.body))),
  );
}
