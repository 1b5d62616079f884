// Single sign-on in the browser: an admin configures the stand-in OpenID provider, then signs in
// by typing their email and clicking "Sign in with SSO", approving at the provider and landing in
// the app; the Security settings then show that SSO worked. Screenshots: e2e/screenshots/sso-*.png.
import net from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { type StandInIdp, startIdp } from "../apps/server/test/sso/idp";
import { launchChromium, screenshot } from "./browser";
import { buildWebApp } from "./desk";

let app: TestApp;
let idp: StandInIdp;
let browser: Browser;
let ws: TestWorkspace;
let baseUrl: string;
const name = `sso${Date.now()}`;

/** A free port, so PUBLIC_URL (the redirect URI) can name it before the server listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close((e) => (e ? reject(e) : resolve(port)));
    });
  });
}

beforeAll(async () => {
  buildWebApp();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  app = await startTestApp({ PUBLIC_URL: baseUrl });
  await app.http.listen({ port, host: "127.0.0.1" });
  ws = await buildWorkspace(app, name);
  idp = await startIdp();
  idp.interactive = true;
  idp.person = { sub: "okta-admin-1", email: `admin@${name}.test`, name: "Admin", emailVerified: true };
  const res = await api(app, ws.admin).put("/sso/settings", {
    issuerUrl: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    defaultRole: "member",
    allowedDomains: [`${name}.test`],
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await app?.close();
});

describe("single sign-on in the browser", () => {
  it("signs an admin in through the identity provider and shows SSO as verified", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${baseUrl}/`);
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    await page.getByText("Enter your work email first").waitFor();
    await page.getByLabel("Email").fill(`admin@${name}.test`);
    await screenshot(page, "sso-login");
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    await page.getByRole("heading", { name: "Stand-in identity provider" }).waitFor();
    await screenshot(page, "sso-provider");
    await page.getByRole("button", { name: "Continue as Admin" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    expect(new URL(page.url()).origin).toBe(baseUrl);
    await page.goto(`${baseUrl}/settings/security`);
    await page.getByText("SSO has worked for an admin").waitFor();
    expect(await page.getByLabel("Issuer URL").inputValue()).toBe(idp.issuer);
    await screenshot(page, "sso-settings");
  });

  it("sends a refused sign-in back to the login page with the reason", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    idp.person = { sub: "outsider-1", email: "someone@gmail.test", name: "Outsider", emailVerified: true };
    await page.goto(`${baseUrl}/`);
    await page.getByLabel("Email").fill(`someone@${name}.test`);
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    await page.getByRole("button", { name: "Continue as Outsider" }).click();
    await page.getByText("Your email domain is not allowed").waitFor();
    await screenshot(page, "sso-refused");
  });
});
