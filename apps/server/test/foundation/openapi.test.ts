import { describe, expect, it } from "vitest";
import { useTestApp } from "../harness";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

describe("OpenAPI document", () => {
  it("declares a success response schema for every operation", async () => {
    const res = await app().http.inject({ method: "GET", url: "/api/docs/json" });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, Operation>>;
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => method !== "servers")
        .map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(70);
    const missing = operations
      .filter(({ op }) => {
        const success = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        return !success.some(([, r]) => Object.values(r.content ?? {}).some((c) => c.schema !== undefined));
      })
      .map(({ route }) => route);
    expect(missing).toEqual([]);
  });

  it("documents the customer APIs of the widget and the portal, served from the site root", async () => {
    const doc = (await app().http.inject({ method: "GET", url: "/api/docs/json" })).json();
    const paths = doc.paths as Record<string, Record<string, unknown> & { servers?: { url: string }[] }>;
    for (const [path, method] of [
      ["/widget/api/boot", "post"],
      ["/widget/api/conversations", "get"],
      ["/widget/api/conversations/{number}/messages", "post"],
      ["/portal/api/login/code", "post"],
      ["/portal/api/forms/{id}/submit", "post"],
      ["/portal/api/issues/{number}", "get"],
      ["/portal/api/issues/{number}/csat", "post"],
    ] as const) {
      expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
      expect(paths[path]?.servers, path).toEqual([expect.objectContaining({ url: "/" })]);
    }
    // Their pages, socket and the agents' API stay as they were: /api/v1 paths have no own server.
    expect(paths["/issues/{number}"]?.servers).toBeUndefined();
    for (const hidden of ["/portal/{domain}", "/portal/ws", "/widget/ws", "/widget/demo"]) {
      expect(paths[hidden], hidden).toBeUndefined();
    }
  });

  it("documents timestamps as date-time strings and errors with the one error body", async () => {
    const doc = (await app().http.inject({ method: "GET", url: "/api/docs/json" })).json();
    const get = doc.paths["/issues/{number}"].get;
    const issue = get.responses["200"].content["application/json"].schema;
    expect(issue.properties.createdAt).toMatchObject({ type: "string", format: "date-time" });
    expect(issue.additionalProperties).toBe(false);
    const notFound = get.responses["404"].content["application/json"].schema;
    expect(notFound.properties.error.required).toEqual(["code", "message"]);
  });

  it("documents the Idempotency-Key header on authenticated writes only", async () => {
    const doc = (await app().http.inject({ method: "GET", url: "/api/docs/json" })).json();
    const header = (op: { parameters?: { in: string; name: string }[] }) =>
      op.parameters?.some((p) => p.in === "header" && p.name === "idempotency-key") ?? false;
    expect(header(doc.paths["/issues"].post)).toBe(true);
    expect(header(doc.paths["/issues/{number}"].patch)).toBe(true);
    expect(doc.paths["/issues"].post.responses["422"]).toBeDefined();
    const param = doc.paths["/issues"].post.parameters.find((p: { name: string }) => p.name === "idempotency-key");
    expect(param).toMatchObject({ required: false, description: expect.stringContaining("Idempotent-Replayed") });
    expect(header(doc.paths["/issues"].get)).toBe(false);
    expect(header(doc.paths["/auth/login"].post)).toBe(false);
  });
});
