// /accounts, /contacts, /users, /teams: the workspace's customers and people.
import {
  Account,
  Contact,
  ContactListQuery,
  CreateAccountInput,
  CreateContactInput,
  CreateTeamInput,
  CreateUserInput,
  DeleteTeamQuery,
  IdParams,
  items,
  ListQuery,
  Ok,
  page,
  replies,
  Team,
  TeamDeletion,
  TeamMemberInput,
  TeamMemberParams,
  UpdateAccountInput,
  UpdateContactInput,
  UpdateTeamInput,
  UpdateUserInput,
  User,
} from "@switchboard/api";
import * as customers from "../../commands/customers";
import * as team from "../../commands/team";
import * as q from "../../queries/directory";
import { staffOf } from "../../queries/scope";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentAccount, presentContact, presentTeam, presentUser } from "../presenters";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function directoryRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  // Accounts and contacts read through the caller's scope; people and teams are agent-only.
  const ws = (request: Parameters<typeof scopeOf>[0]) => staffOf(scopeOf(request)).workspaceId;

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getAccounts: {
      querystring: ListQuery,
      tags: ["accounts"],
      response: replies({ 200: page(Account) }, ...LIST_ERRORS),
    },
    getAccountsId: { params: IdParams, tags: ["accounts"], response: replies({ 200: Account }, ...ITEM_ERRORS) },
    getContacts: {
      querystring: ContactListQuery,
      tags: ["contacts"],
      response: replies({ 200: page(Contact) }, ...LIST_ERRORS),
    },
    getContactsId: { params: IdParams, tags: ["contacts"], response: replies({ 200: Contact }, ...ITEM_ERRORS) },
    getUsers: { tags: ["users"], response: replies({ 200: items(User) }, ...LIST_ERRORS) },
    postUsers: { body: CreateUserInput, tags: ["users"], response: replies({ 201: User }, ...WRITE_ERRORS) },
    getTeams: { tags: ["teams"], response: replies({ 200: items(Team) }, ...LIST_ERRORS) },
    postTeams: { body: CreateTeamInput, tags: ["teams"], response: replies({ 201: Team }, ...WRITE_ERRORS) },
  };

  app.get("/accounts", { ...opts, schema: S.getAccounts }, async (request) => {
    const r = await q.listAccounts(db(), scopeOf(request), request.query);
    return { items: r.items.map(presentAccount), nextCursor: r.nextCursor };
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
    presentAccount(await q.getAccount(db(), scopeOf(request), request.params.id)),
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

  app.get("/contacts", { ...opts, schema: S.getContacts }, async (request) => {
    const r = await q.listContacts(db(), scopeOf(request), request.query);
    return { items: r.items.map(presentContact), nextCursor: r.nextCursor };
  });
  app.post(
    "/contacts",
    {
      ...opts,
      schema: { body: CreateContactInput, tags: ["contacts"], response: replies({ 201: Contact }, ...WRITE_ERRORS) },
    },
    async (request, reply) => {
      reply.status(201);
      return presentContact(await command(request, (ctx) => customers.createContact(ctx, request.body)));
    },
  );
  app.get("/contacts/:id", { ...opts, schema: S.getContactsId }, async (request) =>
    presentContact(await q.getContact(db(), scopeOf(request), request.params.id)),
  );
  app.patch(
    "/contacts/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: UpdateContactInput,
        tags: ["contacts"],
        response: replies({ 200: Contact }, ...WRITE_ERRORS),
      },
    },
    async (request) =>
      presentContact(await command(request, (ctx) => customers.updateContact(ctx, request.params.id, request.body))),
  );

  app.get("/users", { ...opts, schema: S.getUsers }, async (request) => ({
    items: (await q.listUsers(db(), ws(request))).map(presentUser),
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

  app.get("/teams", { ...opts, schema: S.getTeams }, async (request) => ({
    items: (await q.listTeams(db(), ws(request))).map((t) => presentTeam(t.team, t.members)),
  }));
  app.post("/teams", { ...opts, schema: S.postTeams }, async (request, reply) => {
    reply.status(201);
    return presentTeam(await command(request, (ctx) => team.createTeam(ctx, request.body)));
  });
  app.patch(
    "/teams/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: UpdateTeamInput,
        tags: ["teams"],
        response: replies({ 200: Team }, ...WRITE_ERRORS),
      },
    },
    async (request) =>
      presentTeam(await command(request, (ctx) => team.updateTeam(ctx, request.params.id, request.body))),
  );
  app.delete(
    "/teams/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        querystring: DeleteTeamQuery,
        tags: ["teams"],
        response: replies({ 200: TeamDeletion }, ...WRITE_ERRORS),
      },
    },
    async (request) => command(request, (ctx) => team.deleteTeam(ctx, request.params.id, request.query.moveTo)),
  );
  app.put(
    "/teams/:id/members/:userId",
    {
      ...opts,
      schema: {
        params: TeamMemberParams,
        body: TeamMemberInput,
        tags: ["teams"],
        response: replies({ 200: Ok }, ...WRITE_ERRORS),
      },
    },
    async (request) => {
      await command(request, (ctx) => team.setTeamMember(ctx, request.params.id, request.params.userId, request.body));
      return { ok: true };
    },
  );
  app.delete(
    "/teams/:id/members/:userId",
    { ...opts, schema: { params: TeamMemberParams, tags: ["teams"], response: replies({ 200: Ok }, ...WRITE_ERRORS) } },
    async (request) => {
      await command(request, (ctx) => team.removeTeamMember(ctx, request.params.id, request.params.userId));
      return { ok: true };
    },
  );
}
