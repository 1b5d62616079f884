// /contacts: the people at customer accounts, read through the caller's scope.
import { CreateContactInput, IdParams, ListQuery, UpdateContactInput } from "@switchboard/api";
import { z } from "zod";
import * as customers from "../../commands/customers";
import { getContact, listContacts } from "../../queries/contacts";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentContact } from "../presenters";
import type { ZodApp } from "./types";

export function contactRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  const ContactQuery = ListQuery.extend({ accountId: z.string().uuid().optional() });
  app.get("/contacts", { ...opts, schema: { querystring: ContactQuery, tags: ["contacts"] } }, async (request) => {
    const r = await listContacts(db(), scopeOf(request), request.query);
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
    presentContact(await getContact(db(), scopeOf(request), request.params.id)),
  );
  app.patch(
    "/contacts/:id",
    { ...opts, schema: { params: IdParams, body: UpdateContactInput, tags: ["contacts"] } },
    async (request) =>
      presentContact(await command(request, (ctx) => customers.updateContact(ctx, request.params.id, request.body))),
  );
}
