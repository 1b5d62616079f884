import { PassThrough } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildHttpServer } from "../../src/server";
import { buildWorkspace, type TestApp, useTestApp } from "../harness";
import { expectError } from "./support";

// Login throttling: per account (a known device has its own bucket), per address (only the
// configured proxies may name it), and every failure in the log.
// Ten failures per address here (50 by default): each failure costs a password hash.
const direct = useTestApp({ LOGIN_FAILURES_PER_ADDRESS: "10" });
const proxied = useTestApp({ TRUST_PROXY: "1", LOG_LEVEL: "warn" });

/** A second HTTP server on the proxied app's services whose log lines the test reads. */
let logged: FastifyInstance | undefined;
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
  });
  logged = await buildHttpServer(proxied().services, { logger: true, logStream: stream });
  await logged.ready();
});
afterAll(async () => {
  await logged?.close();
});

function loginVia(http: FastifyInstance, payload: { email: string; password: string }, headers = {}) {
  return http.inject({ method: "POST", url: "/api/v1/auth/login", payload, headers });
}

async function adminEmail(app: TestApp) {
  const ws = await buildWorkspace(app);
  const res = await app.http.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: ws.admin.cookie } });
  return res.json().user.email as string;
}

const deviceCookie = (res: Awaited<ReturnType<typeof loginVia>>) => {
  const value = res.cookies.find((c) => c.name === "sb_device")?.value;
  if (!value) throw new Error(`no device cookie: ${JSON.stringify(res.cookies)}`);
  return `sb_device=${value}`;
};

describe("login throttling per account", () => {
  it("slows a guesser with many addresses, but lets the owner in from a known device", async () => {
    const http = logged as FastifyInstance;
    const email = await adminEmail(proxied());
    const owner = await loginVia(http, { email, password: "password123" });
    expect(owner.statusCode, owner.body).toBe(200);
    const device = deviceCookie(owner);

    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const res = await loginVia(http, { email, password: `guess${i}` }, { "x-forwarded-for": `203.0.113.${i}` });
      statuses.push(res.statusCode);
      if (i === 6) {
        expectError(res, 429, "rate_limited");
        expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The right password from a client the account does not know waits too …
    const stranger = await loginVia(http, { email, password: "password123" }, { "x-forwarded-for": "198.51.100.7" });
    expectError(stranger, 429, "rate_limited");
    // … but not from the owner's browser, whose own mistakes count apart.
    expectError(await loginVia(http, { email, password: "typo" }, { cookie: device }), 401, "unauthenticated");
    const back = await loginVia(http, { email, password: "password123" }, { cookie: device });
    expect(back.statusCode, back.body).toBe(200);
    expect(deviceCookie(back)).toBe(device);

    // Every failure is logged with the address the trusted proxy reported.
    const failures = lines.filter((l) => l.event === "login.failed" && l.email === email);
    expect(failures.map((l) => [l.reason, l.address, l.knownDevice])).toEqual([
      ...[1, 2, 3, 4, 5].map((i) => ["wrong_credentials", `203.0.113.${i}`, false]),
      ["throttled", "203.0.113.6", false],
      ["throttled", "198.51.100.7", false],
      ["wrong_credentials", "127.0.0.1", true],
    ]);
  });
});

describe("login throttling per address", () => {
  it("ignores X-Forwarded-For unless a proxy is configured, and slows one address guessing many accounts", async () => {
    const email = await adminEmail(direct());
    const owner = await loginVia(direct().http, { email, password: "password123" });
    const device = deviceCookie(owner);
    const domain = email.split("@")[1];
    // 10 failures from one address are allowed, whatever it writes in X-Forwarded-For …
    for (let i = 1; i <= 10; i++) {
      const res = await loginVia(
        direct().http,
        { email: `user${i}@${domain}`, password: "guess" },
        { "x-forwarded-for": `192.0.2.${i}` },
      );
      expectError(res, 401, "unauthenticated", `attempt ${i}`);
    }
    // … then the address waits, for any account …
    const next = await loginVia(direct().http, { email: `user11@${domain}`, password: "guess" });
    expectError(next, 429, "rate_limited");
    expectError(await loginVia(direct().http, { email, password: "password123" }), 429, "rate_limited");
    // … except from a browser that logged in to that account before.
    expect((await loginVia(direct().http, { email, password: "password123" }, { cookie: device })).statusCode).toBe(
      200,
    );
  });
});
