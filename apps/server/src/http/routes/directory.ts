// /accounts, /contacts, /users, /teams: the workspace's customers and people.
import {
  CreateAccountInput,
  CreateContactInput,
  CreateTeamInput,
  CreateUserInput,
  DeleteTeamQuery,
  IdParams,
  ListQuery,
  TeamMemberInput,
  TeamMemberParams,
  UpdateAccountInput,
  UpdateContactInput,
  UpdateTeamInput,
  UpdateUserInput,
} from "@switchboard/api";
import { z } from "zod";
import * as customers from "../../commands/customers";
import * as team from "../../commands/team";
import * as q from "../../queries/directory";
import { staffOf } from "../../queries/scope";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentAccount, presentContact, presentTeam, presentUser } from "../presenters";
import type { ZodApp } from "./types";

export function directoryRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  // Accounts and contacts read through the caller's scope; people and teams are agent-only.
  const ws = (request: Parameters<typeof scopeOf>[0]) => staffOf(scopeOf(request)).workspaceId;

  app.get("/accounts", { ...opts, schema: { querystring: ListQuery, tags: ["accounts"] } }, async (request) => {
    const r = await q.listAccounts(db(), scopeOf(request), request.query);
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
    presentAccount(await q.getAccount(db(), scopeOf(request), request.params.id)),
  );
  app.patch(
    "/accounts/:id",
    { ...opts, schema: { params: IdParams, body: UpdateAccountInput, tags: ["accounts"] } },
    async (request) =>
      presentAccount(await command(request, (ctx) => customers.updateAccount(ctx, request.params.id, request.body))),
  );

  const ContactQuery = ListQuery.extend({ accountId: z.string().uuid().optional() });
  app.get("/contacts", { ...opts, schema: { querystring: ContactQuery, tags: ["contacts"] } }, async (request) => {
    const r = await q.listContacts(db(), scopeOf(request), request.query);
    return { items: r.items.map(presentContact), nextCursor: r.nextCursor };
  });
  app.post(
    "/contacts",
    { ...opts, schema: { body: CreateContactInput, tags: ["contacts"] } },
    async (request, reply) => {
      reply.status(201);
      return presentContact(await command(request, (ctx) => customers.createContact(ctx, request.body)));
    },
  );
  app.get("/contacts/:id", { ...opts, schema: { params: IdParams, tags: ["contacts"] } }, async (request) =>
    presentContact(await q.getContact(db(), scopeOf(request), request.params.id)),
  );
  app.patch(
    "/contacts/:id",
    { ...opts, schema: { params: IdParams, body: UpdateContactInput, tags: ["contacts"] } },
    async (request) =>
      presentContact(await command(request, (ctx) => customers.updateContact(ctx, request.params.id, request.body))),
  );

  app.get("/users", { ...opts, schema: { tags: ["users"] } }, async (request) => ({
    items: (await q.listUsers(db(), ws(request))).map(presentUser),
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

  app.get("/teams", { ...opts, schema: { tags: ["teams"] } }, async (request) => ({
    items: (await q.listTeams(db(), ws(request))).map((t) => presentTeam(t.team, t.members)),
  }));
  app.post("/teams", { ...opts, schema: { body: CreateTeamInput, tags: ["teams"] } }, async (request, reply) => {
    reply.status(201);
    return presentTeam(await command(request, (ctx) => team.createTeam(ctx, request.body)));
  });
  app.patch(
    "/teams/:id",
    { ...opts, schema: { params: IdParams, body: UpdateTeamInput, tags: ["teams"] } },
    async (request) =>
      presentTeam(await command(request, (ctx) => team.updateTeam(ctx, request.params.id, request.body))),
  );
  app.delete(
    "/teams/:id",
    { ...opts, schema: { params: IdParams, querystring: DeleteTeamQuery, tags: ["teams"] } },
    async (request) => command(request, (ctx) => team.deleteTeam(ctx, request.params.id, request.query.moveTo)),
  );
  app.put(
    "/teams/:id/members/:userId",
    { ...opts, schema: { params: TeamMemberParams, body: TeamMemberInput, tags: ["teams"] } },
    async (request) => {
      await command(request, (ctx) => team.setTeamMember(ctx, request.params.id, request.params.userId, request.body));
      return { ok: true };
    },
  );
  app.delete(
    "/teams/:id/members/:userId",
    { ...opts, schema: { params: TeamMemberParams, tags: ["teams"] } },
    async (request) => {
      await command(request, (ctx) => team.removeTeamMember(ctx, request.params.id, request.params.userId));
      return { ok: true };
    },
  );
}
