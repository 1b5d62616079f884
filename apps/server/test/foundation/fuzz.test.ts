import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { api, buildWorkspace, useTestApp } from "../harness";
import {
  exampleOf,
  HOSTILE_BODIES,
  HOSTILE_PARAMS,
  hostileValues,
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  resolve,
} from "./contract";

// The contract fuzz test: every operation of the OpenAPI document (a new route is covered the day it
// lands) gets hostile variants of each parameter and body field, and must answer below 500 with the
// one error body and a documented code. Bounded: a few thousand in-process requests.
const app = useTestApp();

interface Probe {
  label: string;
  method: string;
  url: string;
  payload?: string;
  contentType?: string;
}

const UNKNOWN_ID = "11111111-1111-4111-8111-111111111111";

describe("hostile input, over the whole contract", () => {
  it("answers every hostile request below 500 with the one error body and a documented code", async () => {
    const started = Date.now();
    const doc = (await app().http.inject({ method: "GET", url: "/api/docs/json" })).json() as OpenApiDocument;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(70);
    const codes = documentedCodes(doc);

    const ws = await buildWorkspace(app());
    const created = await api(app(), ws.admin).post("/api-tokens", { name: "fuzz" });
    expect(created.statusCode, created.body).toBe(201);
    const bearer = `Bearer ${created.json().token}`;
    const send = (probe: Probe) =>
      app().http.inject({
        method: probe.method as InjectOptions["method"],
        url: probe.url,
        headers: {
          authorization: bearer,
          ...(probe.contentType ? { "content-type": probe.contentType } : {}),
        },
        ...(probe.payload === undefined ? {} : { payload: probe.payload }),
      });

    // Arrange: every create with its example body, so path parameters can name real things.
    const creates = operations.filter((op) => op.method === "POST" && !op.path.startsWith("/auth"));
    for (const op of creates.sort((a, b) => paramCount(a) - paramCount(b))) {
      const url = await urlOf(op, {}, send, doc);
      await send({ label: "arrange", method: op.method, url, ...jsonBody(exampleBody(op.body ?? {}, doc)) });
    }

    const failures: string[] = [];
    const counts = { requests: 0, fiveHundreds: 0, offShape: 0 };
    const check = (probe: Probe, res: LightMyRequestResponse) => {
      counts.requests++;
      const problem = problemOf(res, codes);
      if (!problem) return;
      if (res.statusCode >= 500) counts.fiveHundreds++;
      else counts.offShape++;
      failures.push(`${probe.method} ${probe.url.slice(0, 120)} [${probe.label}] → ${problem}`);
    };

    // Deletions and logout last: they remove what the other operations name.
    const order = (op: Operation) => (op.path === "/auth/logout" ? 2 : op.method === "DELETE" ? 1 : 0);
    for (const op of [...operations].sort((a, b) => order(a) - order(b))) {
      for (const probe of await probesOf(op, doc, send)) check(probe, await send(probe));
      const anonymous = await app().http.inject({
        method: op.method as InjectOptions["method"],
        url: await urlOf(op, {}, send, doc),
      });
      check({ label: "no credentials", method: op.method, url: op.path }, anonymous);
    }

    const health = await app().http.inject({ method: "GET", url: "/healthz" });
    const after = await api(app(), ws.admin).get("/auth/me");
    if (process.env.FUZZ_REPORT) {
      console.info(`fuzz: ${JSON.stringify({ ...counts, seconds: (Date.now() - started) / 1000 })}`);
      console.info(failures.join("\n"));
    }
    expect(failures).toEqual([]);
    expect(counts.requests).toBeGreaterThan(1_000);
    expect(health.statusCode).toBe(200);
    expect([200, 401]).toContain(after.statusCode);
  });
});

type Send = (probe: Probe) => Promise<LightMyRequestResponse>;

/** The error codes the document allows in its error body (one list for every operation). */
function documentedCodes(doc: OpenApiDocument): Set<string> {
  const codes = new Set<string>();
  for (const op of operationsOf(doc)) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) < 400) continue;
      const schema = response.content?.["application/json"]?.schema;
      const code = schema ? resolve(doc, schema).properties?.error?.properties?.code : undefined;
      for (const value of code?.enum ?? []) codes.add(String(value));
    }
  }
  return codes;
}

/** Why an answer breaks the contract, or undefined when it keeps it. */
function problemOf(res: LightMyRequestResponse, codes: Set<string>): string | undefined {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode < 400) return undefined;
  let body: unknown;
  try {
    body = res.json();
  } catch {
    return `${res.statusCode} not JSON: ${res.body.slice(0, 120)}`;
  }
  const error = (body as { error?: Record<string, unknown> }).error;
  const shaped =
    typeof body === "object" &&
    body !== null &&
    Object.keys(body).join() === "error" &&
    typeof error === "object" &&
    error !== null &&
    typeof error.code === "string" &&
    typeof error.message === "string" &&
    Object.keys(error).every((k) => ["code", "message", "details"].includes(k));
  if (!shaped) return `${res.statusCode} off shape: ${res.body.slice(0, 160)}`;
  if (!codes.has(String(error?.code))) return `${res.statusCode} undocumented code ${String(error?.code)}`;
  return undefined;
}

const paramCount = (op: Operation) => op.parameters.filter((p) => p.in === "path").length;

function jsonBody(value: unknown): { payload: string; contentType: string } {
  return { payload: JSON.stringify(value), contentType: "application/json" };
}

/** Every hostile request for one operation. */
async function probesOf(op: Operation, doc: OpenApiDocument, send: Send): Promise<Probe[]> {
  const url = await urlOf(op, {}, send, doc);
  const example = op.body ? exampleBody(op.body, doc) : undefined;
  const probes: Probe[] = [];
  const withBody = (label: string, target: string, body = example) => ({
    label,
    method: op.method,
    url: target,
    ...(body === undefined ? {} : jsonBody(body)),
  });

  for (const param of op.parameters.filter((p) => p.in === "path")) {
    for (const [label, value] of HOSTILE_PARAMS) {
      probes.push(withBody(`path ${param.name}: ${label}`, await urlOf(op, { [param.name]: value }, send, doc)));
    }
  }
  for (const param of op.parameters.filter((p) => p.in === "query")) {
    for (const [label, value] of HOSTILE_PARAMS) {
      probes.push(withBody(`query ${param.name}: ${label}`, `${url}?${param.name}=${value}`));
    }
    probes.push(withBody(`query ${param.name}: repeated`, `${url}?${param.name}=a&${param.name}=b`));
  }
  probes.push(withBody("unknown query parameter", `${url}?fuzz=1`));

  if (op.body && example) {
    const schema = resolve(doc, op.body);
    // Every field gets NUL and two more variants, rotating, so each kind of hostility reaches
    // every operation while the suite stays a few thousand requests.
    for (const [i, [name, property]] of Object.entries(schema.properties ?? {}).entries()) {
      const [nul, ...rest] = hostileValues(doc, property);
      const picked = [nul, rest[(2 * i) % rest.length], rest[(2 * i + 1) % rest.length]];
      for (const [label, value] of picked.filter((v) => v !== undefined)) {
        probes.push(withBody(`body ${name}: ${label}`, url, { ...example, [name]: value }));
      }
    }
    probes.push(withBody("the example", url), withBody("the example again (duplicate)", url));
    for (const [label, raw] of HOSTILE_BODIES) probes.push({ label: `body: ${label}`, method: op.method, url, ...raw });
  } else if (op.method !== "GET") {
    for (const [label, raw] of HOSTILE_BODIES.slice(0, 8))
      probes.push({ label: `body: ${label}`, method: op.method, url, ...raw });
  }
  return probes;
}

/** The body's example; an update with nothing required changes its first field. */
function exampleBody(body: JsonSchema, doc: OpenApiDocument): Record<string, unknown> {
  const example = exampleOf(doc, body) as Record<string, unknown>;
  const [first] = Object.entries(resolve(doc, body).properties ?? {});
  if (Object.keys(example).length > 0 || !first) return example;
  return { [first[0]]: exampleOf(doc, first[1], first[0]) };
}

const resolved = new Map<string, string>();

/** The operation's URL with `overrides` in its path, and real ids (or an unknown one) elsewhere. */
async function urlOf(
  op: Operation,
  overrides: Record<string, string>,
  send: Send,
  doc: OpenApiDocument,
): Promise<string> {
  let path = op.path;
  for (const match of op.path.matchAll(/\{(\w+)\}/g)) {
    const [placeholder, name] = match;
    if (!name) continue;
    const value = overrides[name] ?? (await realParam(op.path.slice(0, match.index), name, send, doc));
    path = path.replace(placeholder, value);
  }
  return `/api/v1${path}`;
}

/** An id the workspace has for the collection a parameter sits under, read from that collection's list. */
async function realParam(prefix: string, name: string, send: Send, doc: OpenApiDocument): Promise<string> {
  const segment = prefix.split("/").filter(Boolean).at(-1) ?? "";
  const key = `${segment}:${name}`;
  const known = resolved.get(key);
  if (known) return known;
  const list = operationsOf(doc).find(
    (op) => op.method === "GET" && op.path.endsWith(`/${segment}`) && !op.path.includes("{"),
  );
  const collection = list ?? operationsOf(doc).find((op) => op.method === "GET" && op.path.endsWith(`/${segment}`));
  let value = name === "number" ? "1" : UNKNOWN_ID;
  if (collection && name !== "number") {
    const res = await send({ label: "resolve", method: "GET", url: await urlOf(collection, {}, send, doc) });
    const items = (res.json() as { items?: { id?: string }[] }).items;
    value = items?.find((i) => typeof i.id === "string")?.id ?? UNKNOWN_ID;
  }
  resolved.set(key, value);
  return value;
}
