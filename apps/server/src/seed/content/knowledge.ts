// The demo's knowledge base, written from the answers agents give in the seed's conversations:
// public help-center articles per product area and a few internal runbooks.

import type { CommandContext } from "../../commands/context";
import { createArticle, createCollection } from "../../commands/knowledge";

interface DemoArticle {
  title: string;
  visibility: "public" | "internal";
  body: string;
}

const COLLECTIONS: { name: string; description: string; articles: DemoArticle[] }[] = [
  {
    name: "Connectors & syncs",
    description: "Connecting sources, schedules, failing runs and missing data.",
    articles: [
      {
        title: "Fix a sync failing with an authentication error",
        visibility: "public",
        body: `When a source rejects the stored credentials, every run fails with an error such as \`401 Unauthorized\`, \`invalid_grant\` or \`INVALID_SESSION_ID\`. The usual causes are an expired OAuth token or an integration user whose password or token was rotated.

## Reconnect the source

1. Open Sources and pick the failing connector.
2. Click **Reconnect** and sign in again with the integration user.
3. Trigger a manual run from the connection page to confirm it goes green.

Your sync history and cursor are kept: the next run only picks up the changes since the last successful run, so missed runs backfill on their own.

## If it still fails after reconnecting

Check that the integration user still has API access. In Salesforce the profile needs the **API Enabled** permission; a profile change can remove it silently.

## Get alerted next time

Turn on Settings → Notifications → Sync failures to hear about a failure by email or in a Slack channel after the first red run.`,
      },
      {
        title: "Row counts don't match between source and destination",
        visibility: "public",
        body: `Incremental syncs read only records whose cursor field changed since the last run (\`SystemModstamp\`, \`updated_at\`).

## Common causes

- Formula fields and rollups change without touching the cursor field, so updates to them are not picked up.
- Soft-deleted or archived records are filtered out by some source APIs.
- The destination table was modified by hand or by a transformation.

## What to do

1. Note one or two record ids that are missing in the destination.
2. Run a **Re-sync table** on the affected table (Tables → ⋯ → Re-sync) to reload it in full.
3. If rows are still missing, send the record ids to support so we can trace them through the run logs.`,
      },
      {
        title: "Schedule syncs with a custom cron expression",
        visibility: "public",
        body: `Every connection runs on a schedule. Open the connection, go to **Schedule** and choose **Custom (cron)**.

## Examples

- \`0 2 * * *\` runs daily at 02:00 in the timezone shown under the field.
- \`*/15 * * * *\` runs every 15 minutes.
- \`0 * * * 1-5\` runs hourly on weekdays only.

## Per-table schedules

Use Tables → ⋯ → **Override schedule** to run one table more often than the rest of the connection.

## Pausing

**Pause** keeps all state and cursors: when you resume, the next run picks up everything that changed.`,
      },
      {
        title: "Connect a database in a private network",
        visibility: "public",
        body: `If your database is not reachable from the internet you have three options.

## Allowlist our IPs

Add the static egress IPs listed in Settings → Networking to your firewall.

## SSH tunnel

1. Create a tunnel user on your bastion host.
2. Add the public key from Settings → Networking → SSH to that user's \`authorized_keys\`.
3. Enter the bastion host, port and user in the connection's SSH tunnel section.

If the tunnel step fails, the bastion usually does not allow our key yet.

## Private link

AWS PrivateLink and GCP Private Service Connect are available on Enterprise plans; contact your account manager.`,
      },
      {
        title: "Transformations break after the source adds a column",
        visibility: "public",
        body: `When a source adds a column we add it to the raw table. A transformation that uses \`SELECT *\` into a typed model can then fail.

## Fix

1. Replace \`SELECT *\` with an explicit list of columns in the failing model.
2. Re-run the model from the Transformations page.

## Timeouts

If a model suddenly times out, check its incremental filter (\`is_incremental()\`): without it the query scans the full history on every run.`,
      },
    ],
  },
  {
    name: "Account & security",
    description: "Single sign-on, provisioning, members and API access.",
    articles: [
      {
        title: "Set up SAML single sign-on",
        visibility: "public",
        body: `Switchboard supports SAML 2.0 single sign-on with Okta, Azure AD, Google Workspace and any other SAML identity provider.

## Configure your identity provider

1. Open Settings → Security → SSO and copy the ACS URL and the Audience URI.
2. Create a SAML app in your identity provider with those values. The Audience URI (SP Entity ID) must match exactly, including the trailing \`/saml/metadata\`.
3. Upload your identity provider's metadata XML or certificate and save.

## Troubleshooting

- **Invalid audience**: the Audience URI does not match; copy it again from Settings → Security → SSO.
- **Invalid signature** after your identity provider rotated its signing certificate: upload the new certificate and ask users to sign in again.

## Provisioning with SCIM

SCIM 2.0 is available on Business and Enterprise plans. Generate a SCIM token under Settings → Security → Provisioning and use the base URL shown there.`,
      },
      {
        title: "Give a colleague read-only access",
        visibility: "public",
        body: `Invite them with the **Viewer** role under Settings → Members → Invite. Viewers see connections, runs and logs but cannot change anything.

To limit someone to one project, invite them as a **Member** and add them only to that project under Projects → Access. Workspace-level settings stay admin-only.`,
      },
      {
        title: "API rate limits and webhook signatures",
        visibility: "public",
        body: `## Rate limits

Limits are per workspace: 60 requests a minute for write endpoints and 600 for reads. A \`429\` response carries a \`Retry-After\` header; an orchestrator that honours it will not see failures. Trigger many connections in batches rather than all at once.

## Verifying webhooks

Each webhook carries an \`X-Signature\` header: an HMAC-SHA256 of the raw body with your endpoint secret. Compare it in constant time before trusting the payload. We retry failed deliveries with exponential backoff for up to 24 hours.`,
      },
    ],
  },
  {
    name: "Billing",
    description: "Invoices, payment methods and plan changes.",
    articles: [
      {
        title: "Download invoices and add a PO number",
        visibility: "public",
        body: `All invoices are under Settings → Billing → Invoices; each can be downloaded as a PDF.

To have a purchase-order number or VAT number on your invoices, add it to the billing profile under Settings → Billing → Details. Contact billing to have open invoices reissued with it.`,
      },
      {
        title: "What happens when a card payment fails",
        visibility: "public",
        body: `Nothing stops: there is a 14-day grace period after a failed charge.

1. Update the card under Settings → Billing → Payment method.
2. We retry the charge automatically within a day.

Annual plans can pay by ACH or wire transfer instead; ask billing to switch your account to invoice billing.`,
      },
      {
        title: "Upgrades, proration and usage above your commitment",
        visibility: "public",
        body: `Upgrades are prorated to the day: you pay the difference for the rest of your term, shown as a separate line on the next invoice.

Monthly active rows above your commitment are billed as overage. A large backfill counts towards them; ask your account manager before a full re-sync of a big table.`,
      },
    ],
  },
  {
    name: "Internal runbooks",
    description: "For the team only.",
    articles: [
      {
        title: "Runbook: escalating connector authentication failures",
        visibility: "internal",
        body: `When three or more accounts report the same connector failing authentication within a day, treat it as a possible platform regression.

1. Check the run logs for \`401\` on token refresh across accounts.
2. Post in #eng-connectors with the connector, first failure time and account list.
3. File a Linear issue and link it on every affected Switchboard issue, then put them on hold.`,
      },
      {
        title: "Runbook: planning a migration from a previous platform",
        visibility: "internal",
        body: `Migrations belong to the Migrations team.

## What we need from the customer

1. An export of their current jobs (name, source, destination, schedule).
2. Credentials for each source, or an admin to connect them with us.
3. Their preferred cut-over window.

We generate the connection configs for them to review before anything runs, and backfill history table by table.`,
      },
    ],
  },
];

/** Collections and published articles of the demo workspace. */
export async function seedKnowledge(ctx: CommandContext): Promise<void> {
  for (const [position, c] of COLLECTIONS.entries()) {
    const collection = await createCollection(ctx, { name: c.name, description: c.description, position });
    for (const a of c.articles) {
      await createArticle(ctx, { ...a, collectionId: collection.id, status: "published" });
    }
  }
}
