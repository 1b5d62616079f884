import type { Issue } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";
import { expectError } from "./support";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

/** Everything the workspace has written that a rejected request could have touched. */
async function snapshot(ws: TestWorkspace, number: number) {
  const as = api(app(), ws.admin);
  // Jobs of earlier, accepted requests (AI priority, routing) may still be writing.
  await app().services.jobs.idle();
  const issues = (await as.get("/issues?limit=200")).json().items as Issue[];
  return {
    issues: issues.map((i) => i.number),
    issue: (await as.get(`/issues/${number}`)).json(),
    events: (await as.get(`/issues/${number}/events`)).json().items,
    messages: (await as.get(`/issues/${number}/messages`)).json().items,
    accounts: (await as.get("/accounts")).json().items,
  };
}

describe("input validation", () => {
  it("answers bad input with 400 and the one error shape, and writes nothing", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const n = (await as.post("/issues", { title: "Existing" })).json().number as number;
    await as.post("/custom-fields", { object: "issue", key: "seats", label: "Seats", type: "number" });
    await as.post("/custom-fields", {
      object: "issue",
      key: "plan",
      label: "Plan",
      type: "select",
      options: ["starter", "scale"],
    });
    await as.post("/custom-fields", { object: "account", key: "arr", label: "ARR", type: "number" });
    const before = await snapshot(ws, n);

    const bad: [string, () => ReturnType<typeof as.get>][] = [
      ["wrong type", () => as.post("/issues", { title: 42 })],
      ["missing title", () => as.post("/issues", { body: "no title" })],
      ["blank title", () => as.post("/issues", { title: "   " })],
      ["unknown field", () => as.post("/issues", { title: "ok", severity: "sev1" })],
      ["over-long title", () => as.post("/issues", { title: "x".repeat(501) })],
      ["bad priority enum", () => as.post("/issues", { title: "ok", priority: "critical" })],
      ["non-uuid reference", () => as.post("/issues", { title: "ok", teamId: "support" })],
      ["whitespace first message", () => as.post("/issues", { title: "ok", body: "   " })],
      ["message too long", () => as.post(`/issues/${n}/messages`, { body: "y".repeat(100_001) })],
      ["bad visibility", () => as.post(`/issues/${n}/messages`, { body: "hi", visibility: "secret" })],
      ["empty patch", () => as.patch(`/issues/${n}`, {})],
      ["bad state enum", () => as.patch(`/issues/${n}`, { state: "exploded" })],
      ["unknown patch field", () => as.patch(`/issues/${n}`, { number: 7 })],
      ["tags not a list", () => as.patch(`/issues/${n}`, { tags: "bug" })],
      ["number field given text", () => as.patch(`/issues/${n}`, { customFields: { seats: "abc" } })],
      ["select with unknown option", () => as.patch(`/issues/${n}`, { customFields: { plan: "enterprise" } })],
      ["unknown custom field", () => as.patch(`/issues/${n}`, { customFields: { nope: 1 } })],
      // Atomic: the valid priority change in the same request is rolled back with the bad field.
      ["valid + invalid change", () => as.patch(`/issues/${n}`, { priority: "urgent", customFields: { seats: "x" } })],
      ["account field type", () => as.post("/accounts", { name: "Acme", customFields: { arr: "lots" } })],
      ["account bad domain", () => as.post("/accounts", { name: "Acme", domains: ["not a domain"] })],
      ["bad issue number", () => as.get("/issues/abc")],
      ["zero issue number", () => as.patch("/issues/0", { priority: "low" })],
      ["bad uuid param", () => as.get("/accounts/not-a-uuid")],
      ["bad list limit", () => as.get("/issues?limit=0")],
      ["unknown query param", () => as.get("/issues?sort=oldest")],
      ["bad state filter", () => as.get("/issues?state=open")],
      ["bad state in a list filter", () => as.get("/issues?state=new,exploded")],
      ["garbage cursor", () => as.get("/issues?cursor=garbage")],
      ["team view without a team", () => as.post("/views", { name: "v", ownerType: "team" })],
      [
        "custom field key",
        () => as.post("/custom-fields", { object: "issue", key: "Bad Key", label: "x", type: "text" }),
      ],
      [
        "select without options",
        () => as.post("/custom-fields", { object: "issue", key: "k", label: "K", type: "select" }),
      ],
    ];
    for (const [what, call] of bad) {
      const res = await call();
      const error = expectError(res, 400, "validation_failed", what);
      expect(String(error.message).length, what).toBeGreaterThan(0);
    }

    const after = await snapshot(ws, n);
    expect(after).toEqual(before);
    // A rejected create did not consume an issue number.
    expect((await as.post("/issues", { title: "Next" })).json().number).toBe(n + 1);
  });

  it("names the offending custom fields", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    await as.post("/custom-fields", { object: "issue", key: "seats", label: "Seats", type: "number" });
    await as.post("/custom-fields", { object: "issue", key: "plan", label: "Plan", type: "select", options: ["a"] });
    const n = (await as.post("/issues", { title: "Fields" })).json().number as number;
    const res = await as.patch(`/issues/${n}`, { customFields: { seats: "abc", plan: "b" } });
    const error = expectError(res, 400, "validation_failed");
    expect(Object.keys((error.details as { fields: object }).fields).sort()).toEqual(["plan", "seats"]);
    const ok = await as.patch(`/issues/${n}`, { customFields: { seats: 12, plan: "a" } });
    expect(ok.json().customFields).toEqual({ seats: 12, plan: "a" });
  });

  it("rejects an oversized body, malformed JSON and a wrong content type before any work", async () => {
    const ws = await buildWorkspace(app());
    const headers = { cookie: ws.admin.cookie, "x-csrf-token": ws.admin.csrfToken };
    const huge = await app().http.inject({
      method: "POST",
      url: "/api/v1/issues",
      headers: { ...headers, "content-type": "application/json" },
      payload: JSON.stringify({ title: "big", body: "z".repeat(1024 * 1024 + 10) }),
    });
    expectError(huge, 413, "payload_too_large");
    const malformed = await app().http.inject({
      method: "POST",
      url: "/api/v1/issues",
      headers: { ...headers, "content-type": "application/json" },
      payload: '{"title": "unterminated',
    });
    expectError(malformed, 400, "validation_failed");
    const wrongType = await app().http.inject({
      method: "POST",
      url: "/api/v1/issues",
      headers: { ...headers, "content-type": "text/csv" },
      payload: "title\nhello",
    });
    expectError(wrongType, 415, "unsupported_media_type");
    expectError(await api(app(), ws.admin).get("/no-such-route"), 404, "not_found");
    expect((await api(app(), ws.admin).get("/issues")).json().items).toEqual([]);
  });
});
