// Helpers of the widget tests: a widget of a workspace (with its secret), and a customer booting
// it and talking through the customer API, as the widget bundle does.
import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { userHash } from "../../src/domain/widget";
import { api, type TestApp, type TestWorkspace } from "../harness";

export interface TestWidget {
  id: string;
  appId: string;
  secret: string;
}

export async function createTestWidget(app: TestApp, ws: TestWorkspace, body: Record<string, unknown> = {}) {
  const res = await api(app, ws.admin).post("/widgets", { name: "Web app", ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TestWidget;
}

export const signed = (widget: TestWidget, email: string, name = "Casey Customer") => ({
  email,
  name,
  userHash: userHash(email, widget.secret),
});

export interface WidgetClient {
  token: string;
  verified: boolean;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  start(text: string): Promise<{ conversation: { number: number } }>;
}

export async function boot(app: TestApp, appId: string, user?: Record<string, unknown>): Promise<WidgetClient> {
  const res = await app.http.inject({ method: "POST", url: "/widget/api/boot", payload: { appId, user } });
  expect(res.statusCode, res.body).toBe(201);
  const { token, verified } = res.json() as { token: string; verified: boolean };
  const headers = { "x-widget-token": token };
  const client: WidgetClient = {
    token,
    verified,
    get: (url) => app.http.inject({ method: "GET", url: `/widget/api${url}`, headers }),
    post: (url, payload) =>
      app.http.inject({ method: "POST", url: `/widget/api${url}`, headers, payload: (payload ?? {}) as object }),
    async start(text) {
      const started = await client.post("/conversations", { text, clientId: randomUUID() });
      expect(started.statusCode, started.body).toBe(201);
      return started.json();
    },
  };
  return client;
}
