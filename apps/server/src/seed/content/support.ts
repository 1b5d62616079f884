// Support: how-to questions and bugs in the product (connectors, syncs, transformations, API).
import type { ConversationTemplate } from "./templates";

const support = (t: Omit<ConversationTemplate, "team">): ConversationTemplate => ({ team: "Support", ...t });

export const SUPPORT_TEMPLATES: readonly ConversationTemplate[] = [
  support({
    key: "sync-failing-auth",
    category: "Bug",
    area: "Connectors",
    tags: ["sync-failure", "connector"],
    priority: [
      ["urgent", 2],
      ["high", 5],
      ["medium", 2],
    ],
    subjects: [
      "{connector} sync failing since this morning",
      "{connector} connector keeps erroring out",
      "Sync to {destination} broken: {error}",
    ],
    openings: [
      "Hey team — our {connector} → {destination} sync has failed the last 4 runs. The error in the run log is `{error}`. Nothing changed on our side as far as I know. Our finance dashboards depend on this, can someone take a look?",
      "Hi, the {connector} connector started failing overnight with `{error}`. Runs at {time} are all red. Is there an incident?",
      "Morning! Seeing `{error}` on every {connector} sync since yesterday. We rotated some credentials last week, not sure if related.",
    ],
    replies: [
      "Hi {first}, thanks for flagging. I can see the failures on our side — the {connector} API is rejecting the stored credentials. Could you re-authorise the connection under Sources → {connector} → Reconnect? If you use a dedicated integration user, please check its password or token wasn't rotated.",
      "Thanks {first} — looking at the run logs now. This looks like an expired OAuth token for the {connector} source. Reconnecting the source should fix it; your sync history and cursor are kept, so the next run will only pick up the changes.",
    ],
    followUps: [
      "Reconnected, but the next run still failed with the same error 😕",
      "Ah, that was it — our admin rotated the integration user's password. Reconnected now. Will the missed runs backfill?",
      "Done. Is there a way to get alerted before this happens next time?",
    ],
    resolutions: [
      "Looked deeper: the integration user had lost the 'API Enabled' permission after a profile change. Once your admin restored it the run at {time} went green, and the backfill picked up {count} changed rows. You can add a failure alert under Settings → Notifications so you hear about it before your dashboards do.",
      "Yes — the next run resumes from the last saved cursor, so nothing is lost. I just triggered a manual run and it completed, {count} rows synced. I'd also recommend enabling sync-failure alerts in Settings → Notifications.",
      "Yes: Settings → Notifications → Sync failures. I've enabled it for your workspace (email + a Slack channel of your choice), so you'll hear about a failure after the first red run.",
    ],
    notes: [
      "Third {connector} auth failure this week across accounts. @Kenji is the connector's token refresh behaving after the last deploy?",
      "Run logs: 401 from {connector} on token refresh, starting {time}. Not a platform incident.",
    ],
    holds: [
      "Waiting for the customer's {connector} admin to restore the integration user's permissions.",
      "Filed {ticket} — token refresh race in the {connector} connector. Holding until the fix ships.",
    ],
  }),
  support({
    key: "missing-rows",
    category: "Bug",
    area: "Sync engine",
    tags: ["data-discrepancy"],
    priority: [
      ["high", 4],
      ["medium", 4],
    ],
    subjects: [
      "Row counts don't match between {connector} and {destination}",
      "Missing {object} records in {destination}",
      "Sync says success but data is missing",
    ],
    openings: [
      "We have {count} {object} records in {connector} but only a fraction of that in {destination} after the last full sync. The run says 'Success'. What could cause this?",
      "Some {object} rows updated yesterday never made it to {destination}. The sync ran fine at {time}. Can you check whether incremental sync is skipping records?",
    ],
    replies: [
      "Hi {first}, thanks for the detail. Incremental syncs use the `SystemModstamp` / `updated_at` cursor; records whose cursor field isn't touched by an update (e.g. formula fields or rollups) won't be picked up. Could you share one or two record ids that are missing so I can trace them?",
      "Thanks {first}. I'm tracing the last runs now. One common cause is soft-deleted or archived {object} records being filtered by the source's API. Could you send a couple of example ids?",
    ],
    followUps: [
      "Here are three ids from this morning. They were all updated by a workflow rule, not a person.",
      "Sent the ids in a CSV to your support inbox. Most of them are archived records.",
    ],
    resolutions: [
      "Confirmed: those updates come from a workflow that doesn't bump the cursor field, so incremental runs can't see them. I've switched the {object} table to use the `LastModifiedDate` cursor and triggered a re-sync of that table; counts match now. I also wrote this up in our docs so it's easier to find next time.",
      "Thanks for the examples — archived records are excluded by default. I enabled 'Include archived records' on the {object} stream and ran a table re-sync; {destination} now has the full {count} rows.",
    ],
    notes: [
      "Good candidate for a knowledge-base article: cursor fields that workflows don't update.",
      "Reproduced with the customer's ids in staging. Cursor field issue, not data loss.",
    ],
    holds: ["Engineering is checking whether the API pagination drops records past 10k offset ({ticket})."],
  }),
  support({
    key: "schedule-howto",
    category: "How-to",
    area: "Sync engine",
    tags: ["how-to"],
    priority: [
      ["low", 5],
      ["medium", 2],
      ["none", 2],
    ],
    channels: [
      ["slack", 4],
      ["widget", 4],
      ["email", 1],
    ],
    subjects: [
      "How do I run a sync at a specific time?",
      "Different sync frequency for one table",
      "Pause syncs over the weekend",
    ],
    openings: [
      "Quick one: can I schedule the {connector} sync to run at {time} only, instead of every hour?",
      "Is it possible to set a different schedule for a single table? We want {object} every 15 minutes but everything else daily.",
      "How do I pause syncs over the weekend without deleting the connection?",
    ],
    replies: [
      "Hi {first}! Yes — open the connection, go to Schedule and choose 'Custom (cron)'. For example `0 2 * * *` runs daily at 02:00 in the timezone shown under the field. Per-table schedules are under Tables → ⋯ → Override schedule.",
      "Hey {first}, yes: Tables → ⋯ → Override schedule on the {object} table, set it to every 15 minutes, and leave the connection itself on daily.",
      "Hey {first}, use 'Pause' on the connection (or a custom cron like `0 * * * 1-5` for weekdays only) — pausing keeps all state and cursors, so Monday's run picks up everything.",
    ],
    followUps: [
      "Does the cron use UTC or our workspace timezone?",
      "Nice. Can the override also be set through the API?",
    ],
    resolutions: [
      "It uses the workspace timezone (Settings → General), shown under the field so there's no guesswork. And yes, `PATCH /v1/connections/:id` accepts `schedule.cron` and per-table `schedule_overrides`.",
      "Workspace timezone by default; you can switch the field to UTC if you prefer. The API supports the same settings — here's the reference: docs → Connections → Schedules.",
    ],
  }),
  support({
    key: "transform-error",
    category: "Bug",
    area: "Transformations",
    tags: ["transformations", "bug"],
    priority: [
      ["high", 3],
      ["medium", 4],
    ],
    subjects: ["Transformation failing after schema change", "Transformation step times out"],
    openings: [
      "Our post-load transformation started failing after {connector} added a new field. The error is `{error}`. Can the transformation pick up schema changes automatically?",
      "The transformation on top of the {object} table has been timing out since Monday. It used to take ~3 minutes. Error: `{error}`.",
    ],
    replies: [
      "Hi {first}, thanks — I can see the failing runs. When the source adds a column we add it to the raw table, but a transformation that uses `SELECT *` into a typed model can break. Could you paste the SQL of the failing model (or tell me its name) so I can suggest a fix?",
      "Thanks {first}. The timeout is coming from {destination}: the query now scans the full history instead of the incremental window. Did the model's `is_incremental()` filter change recently?",
    ],
    followUps: [
      "Pasted the SQL in the thread. It does use SELECT *.",
      "The model is `fct_{object}_daily`. Someone on our side removed the incremental filter last week, it seems.",
    ],
    resolutions: [
      "Replacing the `SELECT *` with an explicit column list fixed it — the latest run is green. New columns will now land in the raw table and you can add them to the model when you're ready.",
      "That explains it: without the incremental filter each run rebuilds {count} rows. Restoring the filter brought the run back to 2m40s. I'd also suggest enabling 'Fail on schema drift = warn' so new columns don't block the pipeline.",
    ],
    notes: ["Customer's model removed the incremental filter; not our bug. Worth a docs callout."],
  }),
  support({
    key: "api-rate-limit",
    category: "How-to",
    area: "API & webhooks",
    tags: ["api"],
    priority: [
      ["medium", 4],
      ["low", 3],
    ],
    channels: [
      ["slack", 3],
      ["email", 3],
      ["portal", 2],
    ],
    subjects: ["API returning 429s when triggering syncs", "Webhook retries and signature verification"],
    openings: [
      "Our orchestrator triggers syncs through the API and we started getting 429s this week. What are the limits and are they per token or per workspace?",
      "We're consuming your `sync.completed` webhooks. How do we verify the signature, and how many times do you retry on failure?",
    ],
    replies: [
      "Hi {first}! Limits are per workspace: 60 requests/minute for write endpoints and 600 for reads. The 429 response carries a `Retry-After` header — if your orchestrator honours it you shouldn't see failures. Are you triggering many connections at once?",
      "Hi {first}, each webhook carries an `X-Signature` header: an HMAC-SHA256 of the raw body with your endpoint secret. We retry with exponential backoff for up to 24 hours. Docs: API → Webhooks → Verifying signatures.",
    ],
    followUps: [
      "Yes, we kick off ~{pipelines} connections at the top of the hour. Could we get a higher limit?",
      "Got it. Our verification fails though — we're parsing the JSON before hashing, I suspect that's it.",
    ],
    resolutions: [
      "Spreading the triggers over a few minutes is the easiest fix, but I've also raised your workspace's write limit to 180/min given your volume. Let us know if you still hit it.",
      "Yes, that's it — hash the raw bytes exactly as received, before any JSON parsing. Once you do, the signatures will match.",
    ],
  }),
  support({
    key: "sso-setup",
    category: "How-to",
    area: "SSO & permissions",
    tags: ["sso", "security"],
    priority: [
      ["medium", 4],
      ["high", 1],
    ],
    channels: [
      ["email", 3],
      ["slack", 3],
      ["portal", 2],
    ],
    from: "ops",
    subjects: ["SAML SSO with Okta — users get 'invalid audience'", "Set up SCIM provisioning from Azure AD"],
    openings: [
      "We're setting up SAML with Okta. Login redirects fine but then shows 'invalid audience'. What should the Audience URI be?",
      "Can we provision and deprovision users automatically from Azure AD? We'd like to turn on SCIM before the security review.",
    ],
    replies: [
      "Hi {first}, the Audience URI (SP Entity ID) must be exactly the value shown in Settings → Security → SSO, including the trailing `/saml/metadata`. It's usually the cause of 'invalid audience'.",
      "Hi {first} — yes, SCIM 2.0 is supported on your plan. Generate a SCIM token under Settings → Security → Provisioning and use the base URL shown there in Azure AD's enterprise app.",
    ],
    followUps: [
      "That was it — we had the URL without the path. One more: can we enforce SSO for everyone except one break-glass admin?",
      "Provisioning works. Group → role mapping doesn't seem to apply though.",
    ],
    resolutions: [
      "Yes: enable 'Require SSO' and add the break-glass account to the exemption list right below it. Exempt accounts must have 2FA enabled.",
      "Group mapping is evaluated on the next sync cycle (every 40 minutes in Azure AD). I forced a re-sync from our side and the roles are applied now.",
    ],
    notes: ["@Priya security review is part of their renewal — keep an eye on this one."],
  }),
  support({
    key: "reverse-etl-mapping",
    category: "How-to",
    area: "Reverse ETL",
    tags: ["reverse-etl"],
    priority: [
      ["medium", 4],
      ["low", 2],
    ],
    subjects: [
      "Reverse ETL: map a {destination} column to a {connector} custom field",
      "Reverse ETL creating duplicates in {connector}",
    ],
    openings: [
      "We want to push a `health_score` column from {destination} back to a custom field on {connector} {object}s. The field doesn't show up in the mapping dropdown.",
      "Our reverse sync into {connector} is creating duplicate {object}s instead of updating existing ones. Which column should we use as the upsert key?",
    ],
    replies: [
      "Hi {first}, the field list is cached for 24h — click 'Refresh schema' in the destination settings and it should appear. Also make sure the integration user has edit access to the field.",
      "Hi {first}, the upsert key must be a unique external id on the {connector} side. Using email works for contacts, but for {object}s we recommend an external id field populated from your warehouse primary key.",
    ],
    followUps: [
      "Refreshed, it shows now. Can we only update when the value changed?",
      "We don't have an external id field yet. Could we match on name + domain instead?",
    ],
    resolutions: [
      "Yes — the 'Only sync changed rows' option diffs against the last successful run, so unchanged rows aren't sent. That also keeps you well under the {connector} API limits.",
      "Matching on two columns isn't supported for {connector}, sorry. The safest path is to create the external id field and backfill it once; I've shared a short guide with the steps.",
    ],
  }),
  support({
    key: "dashboard-bug",
    category: "Bug",
    area: "Dashboard",
    tags: ["ui", "bug"],
    priority: [
      ["low", 4],
      ["medium", 3],
    ],
    channels: [
      ["widget", 5],
      ["slack", 2],
      ["portal", 1],
    ],
    subjects: [
      "Run history page won't load",
      "Can't export sync logs to CSV",
      "Timezone wrong on the run history chart",
    ],
    openings: [
      "The run history page for our {connector} connection spins forever. Other connections are fine. Chrome, latest version.",
      "The 'Export CSV' button on sync logs does nothing for me. No error, nothing downloads.",
      "The run history chart shows times in UTC even though our workspace is set to Europe/Berlin.",
    ],
    replies: [
      "Thanks {first}, I can reproduce it on my side. It looks like the page chokes on connections with a very long history. I've passed it to engineering with your connection id.",
      "Hi {first}, thanks for the report — confirmed as a bug. As a workaround the API endpoint `GET /v1/runs?format=csv` gives you the same export.",
      "Thanks {first} — confirmed, the chart ignores the workspace timezone (the table below it is correct). I've passed it to engineering with your screenshot.",
    ],
    followUps: [
      "Any ETA on a fix? Our on-call uses that page daily.",
      "Thanks, the API workaround is fine for now.",
      "OK, we'll read the table for now. Thanks.",
    ],
    resolutions: [
      "A fix shipped this morning ({ticket}) — the page now paginates history. Could you give it another try?",
      "The export button is fixed in today's release ({ticket}); CSVs download again. Thanks for reporting it!",
      "Fixed in today's release ({ticket}). The chart now follows the workspace timezone. Thanks for reporting it!",
    ],
    notes: [
      "Filed {ticket} in Linear, linked here.",
      "@Ben this is the third report of the run-history page this week.",
    ],
    holds: ["Waiting on {ticket} (engineering) — fix is in review."],
  }),
  support({
    key: "feature-request",
    category: "Feature request",
    area: "Connectors",
    tags: ["feature-request"],
    priority: [
      ["low", 5],
      ["none", 3],
    ],
    subjects: ["Feature request: {feature}", "Any plans for {feature}?", "Would love {feature}"],
    openings: [
      "Is {feature} on the roadmap? It would save our data team a lot of manual work.",
      "We're evaluating tools for next year and {feature} is on our must-have list. Any plans?",
    ],
    replies: [
      "Hi {first}, thanks for the suggestion! I've added your use case to our feature request for {feature} so the product team sees it. Can you share a bit more on how you'd use it?",
      "Thanks {first} — it's something we're actively looking at. I logged your request and linked it to the existing item so you'll hear when it moves.",
    ],
    followUps: [
      "Mostly for auditing — we need to know which upstream fields feed each dashboard.",
      "We'd use it for on-call alerting, today we poll the API.",
    ],
    resolutions: [
      "Thanks, that's really helpful context — it's now attached to the request. I'll close this for now and we'll update you here as soon as it's scheduled.",
      "Got it, I've added that to the request. Closing on our side for now; you'll get an update when it ships.",
    ],
    notes: ["Added to Linear feature request for {feature} (customer count +1)."],
  }),
  support({
    key: "private-networking",
    category: "How-to",
    area: "Connectors",
    tags: ["networking", "security"],
    priority: [
      ["medium", 3],
      ["high", 2],
    ],
    channels: [
      ["email", 3],
      ["slack", 3],
    ],
    subjects: ["Connecting to a Postgres database in a private VPC", "SSH tunnel connection test fails"],
    openings: [
      "Our production Postgres is in a private subnet. What are our options for connecting without exposing it publicly?",
      "The connection test for our database fails at the SSH tunnel step: `{error}`. Bastion host is reachable from our office.",
    ],
    replies: [
      "Hi {first}, you have three options: allowlist our static egress IPs (listed in Settings → Networking), an SSH tunnel through a bastion, or private link on Enterprise plans. For most teams the SSH tunnel is quickest to set up.",
      "Hi {first}, the tunnel step fails when the bastion doesn't allow our public key. Could you check that the key from Settings → Networking → SSH is in the tunnel user's `authorized_keys`?",
    ],
    followUps: [
      "SSH tunnel sounds good. Does the tunnel user need shell access?",
      "We added the key but it still fails. Our bastion only allows traffic from allowlisted IPs.",
    ],
    resolutions: [
      "No shell access needed — a user with `nologin` and port forwarding enabled is enough. The setup guide covers the exact sshd settings.",
      "That's the missing piece: please allowlist our egress IPs on the bastion as well. After that the test should pass.",
    ],
  }),
  support({
    key: "permissions-howto",
    category: "How-to",
    area: "SSO & permissions",
    tags: ["how-to", "permissions"],
    priority: [
      ["low", 4],
      ["none", 2],
    ],
    channels: [
      ["widget", 4],
      ["slack", 3],
    ],
    subjects: ["Give an analyst read-only access", "Invite a contractor to one project only"],
    openings: [
      "How do I give our new analyst access to see sync status without letting them edit connections?",
      "We have a contractor helping with {connector}. Can we limit them to a single project?",
    ],
    replies: [
      "Hi {first}! Invite them with the Viewer role — they can see connections, runs and logs but can't change anything. Settings → Members → Invite.",
      "Hi {first}, yes: invite them as a Member and add them only to that project under Projects → Access. Workspace-level settings stay admin-only.",
    ],
    followUps: ["Perfect. Do viewers count towards our seats?", "Great. Can we set an expiry on their access?"],
    resolutions: [
      "Viewers are free on all plans, they don't count towards seats.",
      "Not an automatic expiry yet, but you can deactivate them at any time and their audit trail stays. I've noted your interest in expiring access for the product team.",
    ],
  }),
  support({
    key: "incident-latency",
    category: "Bug",
    area: "Sync engine",
    tags: ["incident", "latency"],
    priority: [
      ["urgent", 3],
      ["high", 4],
    ],
    channels: [
      ["slack", 6],
      ["email", 2],
    ],
    subjects: ["Syncs delayed by several hours", "All connections stuck in 'queued'", "Data freshness SLA breached"],
    openings: [
      "All our connections have been stuck in 'Queued' for over an hour. Is something going on? Our exec dashboards refresh at {time}.",
      "Data in {destination} is 4 hours behind. Runs show as started but never finish.",
    ],
    replies: [
      "Hi {first}, sorry about this — we're seeing elevated queue times in the {region} region and the team is on it. I'll keep this thread updated; status page has the incident too.",
      "Thanks for flagging {first}. We had a worker pool issue in {region} this morning; it's mitigated and your queued runs are draining now. I'm watching your connections specifically.",
    ],
    followUps: ["Runs are moving again, thanks. Will there be a post-mortem?", "Still seeing two connections stuck."],
    resolutions: [
      "All your connections have caught up and the last runs completed. The post-incident review will be published on the status page within 5 business days; I'll share the link here.",
      "I restarted the two stuck runs manually — both completed. Everything's current now. Sorry again for the disruption.",
    ],
    notes: [
      "Part of this morning's queue incident — tag all related issues with `incident`.",
      "@Priya customer mentioned their exec dashboards, may escalate.",
    ],
  }),
];
