// Small helpers shared by the foundation suite, on top of ../harness.ts.
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { createContact } from "../../src/commands/customers";
import { replyToIssue } from "../../src/commands/messages";
import type { Role } from "../../src/domain/permissions";
import { api, logIn, type Session, type TestApp, type TestWorkspace, unique } from "../harness";

/** Asserts the one error shape: { error: { code, message, details? } } and nothing else. */
export function expectError(res: LightMyRequestResponse, status: number, code: string, label = "") {
  expect(res.statusCode, `${label} ${res.body}`).toBe(status);
  const body = res.json() as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code, label).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(Object.keys(body.error).every((k) => ["code", "message", "details"].includes(k))).toBe(true);
  return body.error;
}

/** Adds a colleague with `role` through the API and logs them in. */
export async function addPerson(app: TestApp, ws: TestWorkspace, role: Role, name = "Sam"): Promise<Session> {
  const email = `${unique(role)}@${ws.workspaceId}.test`;
  const res = await api(app, ws.admin).post("/users", { email, name, role, password: "password123" });
  expect(res.statusCode, res.body).toBe(201);
  return logIn(app, email, "password123");
}

/** A customer (contact) writes on an issue, as a channel adapter would record it. */
export async function customerSays(ws: TestWorkspace, number: number, text: string, contactId?: string) {
  return ws.run(async (ctx) => {
    const id =
      contactId ?? (await createContact(ctx, { name: "Pat Customer", email: `${unique("pat")}@acme.test` })).id;
    return replyToIssue(ctx, number, {
      visibility: "public",
      bodyText: text,
      author: { type: "contact", contactId: id },
      inbound: true,
    });
  });
}
