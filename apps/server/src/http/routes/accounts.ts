// /accounts: the workspace's customer companies, read through the caller's scope.
import { CreateAccountInput, IdParams, ListQuery, UpdateAccountInput } from "@switchboard/api";
import * as customers from "../../commands/customers";
import { getAccount, listAccounts } from "../../queries/accounts";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentAccount } from "../presenters";
import type { ZodApp } from "./types";

export function accountRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  app.get("/accounts", { ...opts, schema: { querystring: ListQuery, tags: ["accounts"] } }, async (request) => {
    const r = await listAccounts(db(), scopeOf(request), request.query);
    return { items: r.items.map(presentAccount), nextCursor: r.nextCursor };
  });
  app.post(
    "/accounts",
    { ...opts, schema: { body: CreateAccountInput, tags: ["accounts"] } },
    async (request, reply) => {
      reply.status(201);
      return presentAccount(await command(request, (ctx) => customers.createAccount(ctx, request.body)));
    },
  );
  app.get("/accounts/:id", { ...opts, schema: { params: IdParams, tags: ["accounts"] } }, async (request) =>
    presentAccount(await getAccount(db(), scopeOf(request), request.params.id)),
  );
  app.patch(
    "/accounts/:id",
    { ...opts, schema: { params: IdParams, body: UpdateAccountInput, tags: ["accounts"] } },
    async (request) =>
      presentAccount(await command(request, (ctx) => customers.updateAccount(ctx, request.params.id, request.body))),
  );
}
