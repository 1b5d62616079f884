// /accounts: the workspace's customer companies, read through the caller's scope.
import {
  Account,
  AccountListItem,
  AccountListQuery,
  AccountOverview,
  CreateAccountInput,
  IdParams,
  page,
  replies,
  UpdateAccountInput,
} from "@switchboard/api";
import * as customers from "../../commands/customers";
import { accountOverview } from "../../queries/accountOverview";
import { getAccount, listAccounts } from "../../queries/accounts";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentAccount } from "../presenters";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function accountRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getAccounts: {
      querystring: AccountListQuery,
      tags: ["accounts"],
      response: replies({ 200: page(AccountListItem) }, ...LIST_ERRORS),
    },
    getAccountsId: { params: IdParams, tags: ["accounts"], response: replies({ 200: Account }, ...ITEM_ERRORS) },
  };

  app.get("/accounts", { ...opts, schema: S.getAccounts }, async (request) => {
    const r = await listAccounts(db(), scopeOf(request), request.query, services.now?.() ?? new Date());
    return {
      items: r.items.map((a) => ({ ...presentAccount(a), sentiment: a.sentiment })),
      nextCursor: r.nextCursor,
    };
  });
  app.post(
    "/accounts",
    {
      ...opts,
      schema: { body: CreateAccountInput, tags: ["accounts"], response: replies({ 201: Account }, ...WRITE_ERRORS) },
    },
    async (request, reply) => {
      reply.status(201);
      return presentAccount(await command(request, (ctx) => customers.createAccount(ctx, request.body)));
    },
  );
  app.get("/accounts/:id", { ...opts, schema: S.getAccountsId }, async (request) =>
    presentAccount(await getAccount(db(), scopeOf(request), request.params.id)),
  );
  app.patch(
    "/accounts/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: UpdateAccountInput,
        tags: ["accounts"],
        response: replies({ 200: Account }, ...WRITE_ERRORS),
      },
    },
    async (request) =>
      presentAccount(await command(request, (ctx) => customers.updateAccount(ctx, request.params.id, request.body))),
  );
  app.get(
    "/accounts/:id/overview",
    {
      ...opts,
      schema: { params: IdParams, tags: ["accounts"], response: replies({ 200: AccountOverview }, ...ITEM_ERRORS) },
    },
    async (request) => {
      const overview = await accountOverview(db(), scopeOf(request), request.params.id, services.now?.() ?? new Date());
      return { ...overview, account: presentAccount(overview.account) };
    },
  );
}
