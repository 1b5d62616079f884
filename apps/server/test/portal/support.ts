// Helpers of the portal tests: a customer signing in the way the portal page does (asks for a
// login, reads the code and link from the mail the SMTP sink received) and calling /portal/api
// with the session cookie.
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { eventually, type Sink } from "../email/support";
import type { TestApp } from "../harness";

export interface LoginMail {
  code: string;
  link: string;
  text: string;
}

/** Asks for a login and waits for its mail (the n-th to this address). */
export async function askForLogin(app: TestApp, sink: Sink, site: string, email: string): Promise<LoginMail> {
  const before = mailsTo(sink, email).length;
  const res = await app.http.inject({ method: "POST", url: "/portal/api/login", payload: { email, site } });
  expect(res.statusCode, res.body).toBe(202);
  const text = await eventually(async () => mailsTo(sink, email)[before]?.parsed.text, 30_000);
  const code = /^\s+(\d{6})$/m.exec(text)?.[1];
  const link = /login\?token=(\S+)/.exec(text)?.[1];
  if (!code || !link) throw new Error(`no code or link in: ${text}`);
  return { code, link: decodeURIComponent(link), text };
}

export const mailsTo = (sink: Sink, email: string) => sink.received.filter((m) => m.envelope.to.includes(email));

export interface PortalClient {
  cookie: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export function portalClient(app: TestApp, cookie: string): PortalClient {
  const call = (method: InjectOptions["method"], url: string, payload?: unknown) =>
    app.http.inject({
      method,
      url: `/portal/api${url}`,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }),
    });
  return { cookie, get: (url) => call("GET", url), post: (url, payload) => call("POST", url, payload ?? {}) };
}

export async function signInWithCode(app: TestApp, sink: Sink, site: string, email: string): Promise<PortalClient> {
  const { code } = await askForLogin(app, sink, site, email);
  const res = await app.http.inject({ method: "POST", url: "/portal/api/login/code", payload: { email, code, site } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === "sb_portal");
  if (!cookie) throw new Error("no portal cookie");
  return portalClient(app, `sb_portal=${cookie.value}`);
}
