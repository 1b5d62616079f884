// /users: the workspace's people (agents); agent-only.
import { CreateUserInput, IdParams, items, replies, UpdateUserInput, User } from "@switchboard/api";
import * as team from "../../commands/team";
import { staffOf } from "../../queries/scope";
import { listUsers } from "../../queries/users";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentUser } from "../presenters";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function userRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getUsers: { tags: ["users"], response: replies({ 200: items(User) }, ...LIST_ERRORS) },
    postUsers: { body: CreateUserInput, tags: ["users"], response: replies({ 201: User }, ...WRITE_ERRORS) },
  };

  app.get("/users", { ...opts, schema: S.getUsers }, async (request) => ({
    items: (await listUsers(db(), staffOf(scopeOf(request)).workspaceId)).map(presentUser),
  }));
  app.post("/users", { ...opts, schema: S.postUsers }, async (request, reply) => {
    reply.status(201);
    return presentUser(await command(request, (ctx) => team.createUser(ctx, request.body)));
  });
  app.patch(
    "/users/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: UpdateUserInput,
        tags: ["users"],
        response: replies({ 200: User }, ...WRITE_ERRORS),
      },
    },
    async (request) =>
      presentUser(await command(request, (ctx) => team.updateUser(ctx, request.params.id, request.body))),
  );
}
