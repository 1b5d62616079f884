// The set-up most browser tests share: the built web app, the real server on a free port, a
// workspace with the e2e desk (seed.ts), and Chromium signed in as its admin.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { launchChromium, logInAs } from "./browser";
import { type Desk, seedDesk } from "./seed";

/** Builds the agent app when its sources changed (Vitest's NODE_ENV=test would bundle React's development build). */
export function buildWebApp() {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

export interface DeskSession {
  app: TestApp;
  ws: TestWorkspace;
  desk: Desk;
  domain: string;
  baseUrl: string;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * A desk in `<prefix><now>.test` with the admin signed in. `arrange` runs after the seed and
 * before the browser opens (settings and issues the first page should already show).
 */
export async function openDesk(
  prefix: string,
  arrange?: (session: Pick<DeskSession, "app" | "ws" | "desk" | "domain">) => Promise<void>,
): Promise<DeskSession> {
  buildWebApp();
  const domain = `${prefix}${Date.now()}.test`;
  const app = await startTestApp();
  const baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  const ws = await buildWorkspace(app, domain.replace(".test", ""));
  const desk = await seedDesk(app, ws, domain);
  await arrange?.({ app, ws, desk, domain });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logInAs(page, baseUrl, `admin@${domain}`, "password123");
  return {
    app,
    ws,
    desk,
    domain,
    baseUrl,
    browser,
    page,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}
