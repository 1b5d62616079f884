// The demo host page (/widget/demo): a stand-in for a customer's own web app with the widget
// embedded by one script tag. `?appId=…&email=…&name=…&userHash=…` embeds any widget as the host
// app would; without an appId (embedded start, SWITCHBOARD_DEMO=1) it embeds the demo workspace's
// widget as one of the demo's customer contacts, signed here as the host app's server would.
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { runCommand } from "../../commands/context";
import { createWidget } from "../../commands/widget";
import { contacts, widgets, workspaces } from "../../db/schema";
import { userHash } from "../../domain/widget";
import type { Services } from "../../services";

export const DEMO_APP_ID = "wid_demo";

/** The demo workspace's widget, created once (its secret is kept sealed like any other). */
export async function ensureDemoWidget(services: Services, domain: string): Promise<void> {
  const db = services.database.db;
  const [workspace] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.domain, domain));
  if (!workspace) return;
  const [existing] = await db.select({ id: widgets.id }).from(widgets).where(eq(widgets.appId, DEMO_APP_ID));
  if (existing) return;
  try {
    services.secrets.seal("probe");
  } catch (error) {
    // No key to seal its secret with (DATABASE_URL without SECRET_KEY): say so; the server still starts.
    console.warn(`  widget: no demo widget: ${(error as Error).message}`);
    return;
  }
  await runCommand(services, { workspaceId: workspace.id, actor: { type: "system", name: "demo seed" } }, (ctx) =>
    createWidget(ctx, services.secrets, { name: "Demo web app", appId: DEMO_APP_ID }),
  );
}

interface DemoQuery {
  appId?: string;
  email?: string;
  name?: string;
  userHash?: string;
}

export async function demoPage(services: Services, query: DemoQuery): Promise<string> {
  const boot = query.appId
    ? {
        appId: query.appId,
        ...(query.email && { user: { email: query.email, name: query.name, userHash: query.userHash } }),
      }
    : await demoBoot(services);
  return page(boot);
}

/** The demo widget as a demo customer; only with the demo on (the page signs identities). */
async function demoBoot(services: Services) {
  if (services.config.SWITCHBOARD_DEMO !== "1") return undefined;
  const db = services.database.db;
  const [widget] = await db.select().from(widgets).where(eq(widgets.appId, DEMO_APP_ID));
  if (!widget) return undefined;
  const [contact] = await db
    .select({ email: contacts.email, name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, widget.workspaceId), isNotNull(contacts.email), isNotNull(contacts.accountId)))
    .orderBy(asc(contacts.createdAt))
    .limit(1);
  if (!contact?.email) return { appId: widget.appId };
  const secret = services.secrets.open(widget.secretSealed);
  return {
    appId: widget.appId,
    user: { email: contact.email, name: contact.name, userHash: userHash(contact.email, secret) },
  };
}

/** JSON for an inline script: `<` escaped so no value can close the script element. */
const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function page(boot: unknown): string {
  const script = boot
    ? `<script src="/widget/widget.js" async></script>
<script>
  window.Switchboard = window.Switchboard || function () { (window.Switchboard.q = window.Switchboard.q || []).push(arguments); };
  window.Switchboard("boot", ${inlineJson(boot)});
  window.Switchboard("onUnreadCountChange", function (n) { document.getElementById("unread").textContent = String(n); });
</script>`
    : "<p><strong>No widget to embed:</strong> pass <code>?appId=…</code> (Settings → Chat widget) or start with SWITCHBOARD_DEMO=1.</p>";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Analytics — widget demo</title>
<style>
  /* Deliberately aggressive host styles: the widget lives in a Shadow DOM and must not change. */
  body { margin: 0; font: 16px Georgia, serif; color: #1b1b1b; background: #f4f1ea; }
  button { background: hotpink !important; font-size: 22px; }
  * { letter-spacing: 0.02em; }
  header { background: #1b2a4a; color: white; padding: 16px 32px; }
  main { padding: 32px; max-width: 720px; }
</style>
</head>
<body>
<header><strong>Acme Analytics</strong> — your dashboards</header>
<main>
  <h1>Weekly revenue</h1>
  <p>This page stands in for a customer's own web app. The chat button in the bottom right is the Switchboard widget.</p>
  <p>Unread replies: <span id="unread">0</span></p>
  <button type="button" onclick="window.Switchboard('show')">Contact support</button>
</main>
${script}
</body>
</html>`;
}
