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
import { api, buildWorkspace, startTestApp } from "../apps/server/test/harness";
import { launchChromium } from "../e2e/browser";
import { seedDesk } from "../e2e/seed";

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

const app = await startTestApp();
try {
  const baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  const domain = `nav${Date.now()}.test`;
  const ws = await buildWorkspace(app, domain.replace(".test", ""));
  const desk = await seedDesk(app, ws, domain);
  const as = api(app, ws.admin);
  // More issues on the board, so there is always a next one.
  for (let i = 0; i < 40; i++) {
    await as.post("/issues", { title: `Bench issue ${i}`, teamId: desk.supportTeamId, priority: "medium" });
  }
  const board = await as.post("/views", {
    name: "Bench board",
    ownerType: "workspace",
    layout: "kanban",
    sort: "priority",
    filter: { match: "all", conditions: [{ field: "team", op: "in", values: [desk.supportTeamId] }] },
  });
  const boardUrl = `${baseUrl}/views/${(board.json() as { id: string }).id}`;
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByLabel("Email").fill(`admin@${domain}`);
  await page.getByLabel("Password").fill("password123");
  await page.keyboard.press("Enter");
  await page.getByRole("navigation", { name: "Main" }).waitFor();
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
  const row = (name: string, xs: number[]) =>
    console.log(
      `${name.padEnd(20)} p50 ${quantile(xs, 0.5).toFixed(0).padStart(4)} ms   p95 ${quantile(xs, 0.95).toFixed(0).padStart(4)} ms`,
    );
  console.log(`${rounds} rounds (back: ${values.back}, next: ${values.next})`);
  row("board → issue", open);
  row("issue → next issue", next);
  row("issue → board", back);
} finally {
  await app.close();
}
