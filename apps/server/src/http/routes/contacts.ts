// /contacts: the people at customer accounts, read through the caller's scope.
import {
  Contact,
  ContactListQuery,
  CreateContactInput,
  IdParams,
  page,
  replies,
  UpdateContactInput,
} from "@switchboard/api";
import * as customers from "../../commands/customers";
import { getContact, listContacts } from "../../queries/contacts";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentContact } from "../presenters";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function contactRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getContacts: {
      querystring: ContactListQuery,
      tags: ["contacts"],
      response: replies({ 200: page(Contact) }, ...LIST_ERRORS),
    },
    getContactsId: { params: IdParams, tags: ["contacts"], response: replies({ 200: Contact }, ...ITEM_ERRORS) },
  };

  app.get("/contacts", { ...opts, schema: S.getContacts }, async (request) => {
    const r = await listContacts(db(), scopeOf(request), request.query);
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
    presentContact(await getContact(db(), scopeOf(request), request.params.id)),
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
}
