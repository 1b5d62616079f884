// Idempotency-Key on API writes: a retry of a write whose answer was lost replays the first answer
// and never writes twice; the key commits with the write or not at all, belongs to its caller and
// workspace, and is swept after 24 hours.

import { and, count, eq } from "drizzle-orm";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { IDEMPOTENCY_TTL_MS } from "../../src/commands/idempotency";
import { idempotencyKeys, issues } from "../../src/db/schema";
import { idempotencyModule, sweepKeys } from "../../src/idempotency/module";
import { expectError } from "../foundation/support";
import { buildWorkspace, type Session, type TestWorkspace, unique, useTestApp } from "../harness";

const app = useTestApp();
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  ws = await buildWorkspace(app(), unique("idem"));
  other = await buildWorkspace(app(), unique("idem"));
});

/** A write as `session` carrying `key` (a session's cookie and CSRF header, or a bearer token). */
function send(
  who: Session | { bearer: string },
  method: InjectOptions["method"],
  url: string,
  key: string | undefined,
  payload: unknown,
) {
  const auth =
    "bearer" in who ? { authorization: `Bearer ${who.bearer}` } : { cookie: who.cookie, "x-csrf-token": who.csrfToken };
  return app().http.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...auth, ...(key === undefined ? {} : { "idempotency-key": key }) },
    payload: payload as InjectOptions["payload"],
  });
}

const openIssue = (who: Session | { bearer: string }, key: string | undefined, title: string) =>
  send(who, "POST", "/issues", key, { title, body: "Our SSO login loops back to the start page." });

async function issuesTitled(workspace: TestWorkspace, title: string): Promise<number> {
  const [row] = await app()
    .database.db.select({ n: count() })
    .from(issues)
    .where(and(eq(issues.workspaceId, workspace.workspaceId), eq(issues.title, title)));
  return row?.n ?? 0;
}

const keyRow = (workspace: TestWorkspace, key: string) =>
  app()
    .database.db.select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, workspace.workspaceId), eq(idempotencyKeys.key, key)));

const replayed = (res: LightMyRequestResponse) => res.headers["idempotent-replayed"];

describe("Idempotency-Key on API writes", { timeout: 60_000 }, () => {
  it("answers a retried create with the first answer and opens one issue", async () => {
    const key = unique("key");
    const title = unique("Login loop");
    const first = await openIssue(ws.admin, key, title);
    expect(first.statusCode, first.body).toBe(201);
    expect(replayed(first)).toBeUndefined();

    const retry = await openIssue(ws.admin, key, title);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(replayed(retry)).toBe("true");
    expect(retry.json()).toEqual(first.json());
    expect(await issuesTitled(ws, title)).toBe(1);

    // Without a key nothing changes: each request is its own write.
    expect((await openIssue(ws.admin, undefined, title)).statusCode).toBe(201);
    expect(await issuesTitled(ws, title)).toBe(2);
  });

  it("refuses the same key for a different request with 422 and writes nothing", async () => {
    const key = unique("key");
    const title = unique("Export fails");
    expect((await openIssue(ws.admin, key, title)).statusCode).toBe(201);
    expectError(await openIssue(ws.admin, key, `${title} (edited)`), 422, "idempotency_key_reused");
    const number = (await openIssue(ws.admin, key, title)).json().number as number;
    expectError(await send(ws.admin, "PATCH", `/issues/${number}`, key, { title }), 422, "idempotency_key_reused");
    expect(await issuesTitled(ws, `${title} (edited)`)).toBe(0);
  });

  it("refuses a key that is not 1–255 visible ASCII characters with the one error shape", async () => {
    for (const bad of ["", "has space", "x".repeat(256), "naïve"]) {
      expectError(await openIssue(ws.admin, bad, unique("Bad key")), 400, "validation_failed", JSON.stringify(bad));
    }
    expect((await openIssue(ws.admin, "x".repeat(255), unique("Long key"))).statusCode).toBe(201);
  });

  it("applies two concurrent requests with one key once: the other is replayed or told to retry", async () => {
    const key = unique("key");
    const title = unique("Concurrent");
    const answers = await Promise.all([1, 2, 3].map(() => openIssue(ws.admin, key, title)));
    expect(await issuesTitled(ws, title)).toBe(1);
    const fresh = answers.filter((a) => a.statusCode === 201 && !replayed(a));
    expect(fresh).toHaveLength(1);
    for (const answer of answers.filter((a) => a !== fresh[0])) {
      if (answer.statusCode === 201) expect(answer.json()).toEqual(fresh[0]?.json());
      else expectError(answer, 409, "idempotency_request_in_progress");
    }
  });

  it("keeps keys apart per workspace and per caller (session, API token)", async () => {
    const key = unique("key");
    const title = unique("Shared key");
    const mine = await openIssue(ws.admin, key, title);
    const theirs = await openIssue(other.admin, key, title);
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(replayed(theirs)).toBeUndefined();
    expect(await issuesTitled(other, title)).toBe(1);

    const token = await send(ws.admin, "POST", "/api-tokens", undefined, { name: unique("ci") });
    expect(token.statusCode, token.body).toBe(201);
    const viaToken = await openIssue({ bearer: token.json().token }, key, title);
    expect(viaToken.statusCode).toBe(201);
    expect(replayed(viaToken)).toBeUndefined();
    expect(await issuesTitled(ws, title)).toBe(2);
  });

  it("records the key with the command: a write that rolls back leaves no key, and its retry runs", async () => {
    const key = unique("key");
    const title = unique("Unknown team");
    // Refused by validation before any command: the key stays free.
    expectError(await send(ws.admin, "POST", "/issues", key, { title: "" }), 400, "validation_failed");
    expect(await keyRow(ws, key)).toEqual([]);

    const payload = { title, teamId: "11111111-1111-4111-8111-111111111111" };
    expectError(await send(ws.admin, "POST", "/issues", key, payload), 404, "not_found");
    expect(await keyRow(ws, key)).toEqual([]);
    const retry = await send(ws.admin, "POST", "/issues", key, payload);
    expectError(retry, 404, "not_found");
    expect(replayed(retry)).toBeUndefined();
    expect(await issuesTitled(ws, title)).toBe(0);

    // A write that commits has its key in the same transaction, with the answer it sent.
    const ok = await openIssue(ws.admin, key, title);
    expect(ok.statusCode).toBe(201);
    const [row] = await keyRow(ws, key);
    expect(row).toMatchObject({ method: "POST", path: "/api/v1/issues", responseStatus: 201 });
  });

  it("never writes twice when the server died between commit and answer", async () => {
    const key = unique("key");
    const title = unique("Crashed answer");
    expect((await openIssue(ws.admin, key, title)).statusCode).toBe(201);
    // What a kill -9 after commit leaves: the key and the issue, no stored answer.
    const lost = { responseStatus: null, responseBody: null, responseType: null };
    await app().database.db.update(idempotencyKeys).set(lost).where(eq(idempotencyKeys.key, key));

    const early = await openIssue(ws.admin, key, title);
    expectError(early, 409, "idempotency_request_in_progress");
    expect(early.headers["retry-after"]).toBe("1");

    await app()
      .database.db.update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 5 * 60_000) })
      .where(eq(idempotencyKeys.key, key));
    const late = expectError(await openIssue(ws.admin, key, title), 409, "idempotency_response_lost");
    expect(late.details).toMatchObject({ method: "POST", path: "/api/v1/issues" });
    expect(await issuesTitled(ws, title)).toBe(1);
  });

  it("forgets keys after 24 hours and the hourly sweep deletes them", async () => {
    const key = unique("key");
    const title = unique("Old key");
    expect((await openIssue(ws.admin, key, title)).statusCode).toBe(201);
    const fresh = unique("key");
    expect((await openIssue(other.admin, fresh, unique("Fresh key"))).statusCode).toBe(201);
    await app()
      .database.db.update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - IDEMPOTENCY_TTL_MS - 60_000) })
      .where(eq(idempotencyKeys.key, key));

    // Expired is expired before the sweep: the key names a new write.
    const again = await openIssue(ws.admin, key, title);
    expect(again.statusCode).toBe(201);
    expect(replayed(again)).toBeUndefined();
    expect(await issuesTitled(ws, title)).toBe(2);

    await app()
      .database.db.update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - IDEMPOTENCY_TTL_MS - 60_000) })
      .where(eq(idempotencyKeys.key, key));
    expect(idempotencyModule.schedules).toEqual([["idempotency.sweep", expect.any(String), { workspaceId: "all" }]]);
    expect(await sweepKeys(app().services, "all")).toBeGreaterThanOrEqual(1);
    expect(await keyRow(ws, key)).toEqual([]);
    expect(await keyRow(other, fresh)).toHaveLength(1);
  });
});
