import { describe, expect, it } from "vitest";
import { api, buildWorkspace, useTestApp } from "../harness";
import { expectError } from "./support";

// Hostile input answers 4xx in the one error shape: one rule per kind of hostility, for every route.
const app = useTestApp();

describe("the text rule at the API boundary", () => {
  it("refuses NUL and lone surrogates in any text input, naming the field, and stores nothing", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const cases: [string, () => ReturnType<typeof as.get>, string][] = [
      ["NUL in a title", () => as.post("/issues", { title: "Printer\u0000 on fire" }), "body.title"],
      ["surrogate in a first message", () => as.post("/issues", { title: "ok", body: "\ud800x" }), "body.body"],
      ["NUL in a tag", () => as.post("/issues", { title: "ok", tags: ["a", "b\u0000"] }), "body.tags.1"],
      ["NUL in an account name", () => as.post("/accounts", { name: "Acme\u0000" }), "body.name"],
      [
        "NUL in a field name",
        () => as.post("/accounts", { name: "Acme", customFields: { "k\u0000": 1 } }),
        "body.customFields",
      ],
      ["NUL in search", () => as.get("/issues?q=a%00b"), "querystring.q"],
      ["NUL in a tag filter", () => as.get("/issues?tag=a%00b"), "querystring.tag"],
      ["NUL in a contact search", () => as.get("/contacts?q=%00"), "querystring.q"],
    ];
    for (const [label, call, path] of cases) {
      const error = expectError(await call(), 400, "validation_failed", label);
      const issues = (error.details as { issues: { path: string; message: string }[] }).issues;
      expect(
        issues.map((i) => i.path),
        label,
      ).toContain(path);
    }
    const n = (await as.post("/issues", { title: "Existing" })).json().number as number;
    const message = await as.post(`/issues/${n}/messages`, { body: "half an emoji \ud83d" });
    expectError(message, 400, "validation_failed");
    expect((await as.get("/issues")).json().items).toHaveLength(1);
    expect((await as.get("/accounts")).json().items).toEqual([]);
    // A whole emoji (a surrogate pair) is text like any other.
    expect((await as.post(`/issues/${n}/messages`, { body: "fixed 🎉" })).statusCode).toBe(201);
  });
});

describe("conflicts and empty updates", () => {
  it("answers renaming to a name in use with 409 conflict, for accounts and AI agents alike", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    await as.post("/accounts", { name: "Acme" });
    const globex = (await as.post("/accounts", { name: "Globex" })).json().id as string;
    expectError(await as.patch(`/accounts/${globex}`, { name: "acme" }), 409, "conflict");
    await as.post("/ai-agents", { name: "Router" });
    const other = (await as.post("/ai-agents", { name: "Other" })).json().id as string;
    expectError(await as.patch(`/ai-agents/${other}`, { name: "Router" }), 409, "conflict");
    expect((await as.get(`/accounts/${globex}`)).json().name).toBe("Globex");
  });

  it("refuses an update that changes nothing, and finds an unknown id not found", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const team = (await as.post("/teams", { name: "Support" })).json().id as string;
    const field = (
      await as.post("/custom-fields", { object: "issue", key: "seats", label: "Seats", type: "number" })
    ).json().id as string;
    for (const url of [`/users/${ws.adminId}`, `/teams/${team}`, `/custom-fields/${field}`]) {
      expectError(await as.patch(url, {}), 400, "validation_failed", url);
    }
    expectError(
      await as.patch("/custom-fields/11111111-1111-4111-8111-111111111111", { label: "x" }),
      404,
      "not_found",
    );
  });
});

describe("the framework's own errors", () => {
  it("answers an over-long path parameter and broken percent-encoding in the one error shape", async () => {
    const ws = await buildWorkspace(app());
    const headers = { cookie: ws.admin.cookie };
    const long = await app().http.inject({ method: "GET", url: `/api/v1/accounts/${"x".repeat(150)}`, headers });
    expectError(long, 414, "uri_too_long");
    const broken = await app().http.inject({ method: "GET", url: "/api/v1/accounts/%E0%A4%A", headers });
    expectError(broken, 400, "validation_failed");
  });

  it("documents every error code in the OpenAPI error body", async () => {
    const doc = (await app().http.inject({ method: "GET", url: "/api/docs/json" })).json();
    const body = doc.paths["/issues/{number}"].get.responses["404"].content["application/json"].schema;
    expect(body.properties.error.properties.code.enum).toEqual(
      expect.arrayContaining(["validation_failed", "conflict", "rate_limited", "uri_too_long", "internal"]),
    );
  });
});
