// Navigation times in the agent app, as an agent feels them: from the key press to the next
// screen's content on screen, in Chromium against the real server (PGlite) and the built web app.
//   board → issue      Enter on the selected card, until the title shows
//   issue → board      back to the board (Esc on the issue page; history back with --back browser),
//                      until the selected card shows
//   issue → next issue j on the issue page (--next board: back, j, Enter, as before issue 26),
//                      until the next issue's title shows
// Usage: node scripts/build-web-if-needed.mjs && tsx bench/navigation.ts [--rounds 30] [--back browser] [--next board]
// The web app served is whatever apps/web/dist holds, so an older build can be measured with the same script.
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { openDatabase } from "../apps/server/src/db/connect";
import { buildHttpServer, startServices } from "../apps/server/src/server";
import { launchChromium } from "../e2e/browser";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "30" },
    back: { type: "string", default: "esc" },
    next: { type: "string", default: "key" },
  },
});
const rounds = Number(values.rounds);

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

async function timed(page: Page, act: () => Promise<void>, until: () => Promise<unknown>): Promise<number> {
  const started = await page.evaluate(() => performance.now());
  await act();
  await until();
  return (await page.evaluate(() => performance.now())) - started;
}

const database = await openDatabase({});
const services = await startServices(loadConfig({ ...process.env, LOG_LEVEL: "silent", DATABASE_URL: undefined }), {
  worker: true,
  database,
});
const http = await buildHttpServer(services);
try {
  const baseUrl = await http.listen({ port: 0, host: "127.0.0.1" });
  const domain = `nav${Date.now()}.test`;
  await database.db.transaction((tx) =>
    createWorkspace(tx, {
      name: "Navigation bench",
      domain,
      admin: { email: `admin@${domain}`, name: "Admin", password: "password123" },
    }),
  );
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const login = await page.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { email: `admin@${domain}`, password: "password123" },
  });
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const post = async (url: string, data: unknown) => {
    const res = await page.request.post(`${baseUrl}/api/v1${url}`, { data, headers: { "x-csrf-token": csrf } });
    if (!res.ok()) throw new Error(`${url}: ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const team = await post("/teams", { name: "Support" });
  // A board with plenty of issues, so there is always a next one.
  const priorities = ["urgent", "high", "medium", "low"];
  for (let i = 0; i < 60; i++) {
    await post("/issues", {
      title: `Customer question ${i}`,
      body: `The export of report ${i} fails with a timeout.`,
      teamId: team.id,
      priority: priorities[i % 4],
    });
  }
  const board = await post("/views", {
    name: "Bench board",
    ownerType: "workspace",
    layout: "kanban",
    sort: "priority",
    filter: { match: "all", conditions: [{ field: "team", op: "in", values: [team.id] }] },
  });
  const boardUrl = `${baseUrl}/views/${board.id}`;
  await page.goto(boardUrl);
  await page.locator(".card").first().waitFor();
  await page.keyboard.press("j"); // select the first card (older builds select nothing at first)

  const title = () => page.locator("#issue-title").waitFor();
  const numberInUrl = () => Number(new URL(page.url()).pathname.split("/").pop());
  const open: number[] = [];
  const back: number[] = [];
  const next: number[] = [];
  const cards = page.locator("[data-issue]");
  /** Older builds forget the board's selection on the way back: select by pressing j, untimed. */
  const ensureSelected = async (index: number) => {
    if ((await page.locator(".card.selected").count()) > 0) return;
    for (let i = 0; i <= index; i++) await page.keyboard.press("j");
    await page.locator(".card.selected").waitFor();
  };
  for (let round = 0; round < rounds; round++) {
    await ensureSelected(round % 20);
    const before = page.url();
    open.push(
      await timed(
        page,
        () => page.keyboard.press("Enter"),
        () => page.waitForURL((u) => u.href !== before).then(title),
      ),
    );
    const at = numberInUrl();
    next.push(
      await timed(
        page,
        async () => {
          if (values.next === "key") return page.keyboard.press("j");
          await page.goBack();
          await cards.first().waitFor();
          const numbers = await cards.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-issue"))));
          const selected = (await page.locator(".card.selected").count()) > 0;
          const presses = selected ? 1 : numbers.indexOf(at) + 2;
          for (let i = 0; i < presses; i++) await page.keyboard.press("j");
          await page.keyboard.press("Enter");
        },
        () => page.waitForURL((u) => !u.pathname.endsWith(`/${at}`)).then(title),
      ),
    );
    back.push(
      await timed(
        page,
        () => (values.back === "esc" ? page.keyboard.press("Escape") : page.goBack().then(() => undefined)),
        () => page.waitForURL(boardUrl).then(() => cards.first().waitFor()),
      ),
    );
  }
  await browser.close();
  await http.close();
  const row = (name: string, xs: number[]) =>
    console.log(
      `${name.padEnd(20)} p50 ${quantile(xs, 0.5).toFixed(0).padStart(4)} ms   p95 ${quantile(xs, 0.95).toFixed(0).padStart(4)} ms`,
    );
  console.log(`${rounds} rounds (back: ${values.back}, next: ${values.next})`);
  row("board → issue", open);
  row("issue → next issue", next);
  row("issue → board", back);
} finally {
  await services.close();
  await database.close();
}
