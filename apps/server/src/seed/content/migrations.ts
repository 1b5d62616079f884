// Migrations: moving a customer's pipelines, schedules and history over from their previous tooling.
import type { ConversationTemplate } from "./templates";

const migration = (t: Omit<ConversationTemplate, "team">): ConversationTemplate => ({ team: "Migrations", ...t });

export const MIGRATION_TEMPLATES: readonly ConversationTemplate[] = [
  migration({
    key: "migration-plan",
    category: "Migration",
    area: "Connectors",
    tags: ["migration"],
    priority: [
      ["high", 3],
      ["medium", 4],
    ],
    channels: [
      ["slack", 5],
      ["email", 3],
    ],
    subjects: [
      "Migrating {pipelines} pipelines from {legacy}",
      "Migration plan and timeline",
      "Help moving off {legacy}",
    ],
    openings: [
      "We're moving off {legacy} — about {pipelines} pipelines, mostly {connector} and Postgres into {destination}. What does a migration usually look like and how long does it take?",
      "Our contract with our previous vendor ends next month. We need to migrate {pipelines} pipelines from {legacy} without losing history. Can your team help?",
    ],
    replies: [
      "Hi {first}, thanks — this is exactly what our Migrations team does. Typical plan: (1) inventory export from {legacy}, (2) we generate connection configs, (3) parallel run for a week, (4) cut-over. For {pipelines} pipelines, 2–3 weeks is realistic. Could you share the inventory?",
      "Hi {first}! We can definitely help. Could you export the list of jobs with their schedules and destinations? Our migration tool turns that into connection configs you can review before anything runs.",
    ],
    followUps: [
      "Inventory attached. Some jobs have custom SQL we'd like to keep.",
      "Shared the export. Can we keep the existing table names in {destination}?",
    ],
    resolutions: [
      "Configs are generated and reviewed with your team; the parallel run showed matching row counts on all but two tables, which we fixed. Cut-over is done — you're fully migrated. 🎉",
      "Yes — we mapped every destination table to its existing name, so downstream models keep working. Parallel run was clean and the cut-over finished this morning.",
    ],
    notes: [
      "Inventory: {pipelines} jobs, 6 with custom SQL. @Jonas can you take the SQL ones?",
      "Parallel run day 3: counts match except two tables with soft deletes.",
    ],
    holds: [
      "Waiting for the customer to share credentials for the remaining sources.",
      "Parallel run in progress; checking counts again on Friday.",
    ],
  }),
  migration({
    key: "history-backfill",
    category: "Migration",
    area: "Sync engine",
    tags: ["migration", "backfill"],
    priority: [
      ["medium", 4],
      ["high", 2],
    ],
    subjects: ["Historical sync of {object} taking very long", "Keep history from {legacy}?"],
    openings: [
      "We need the full history of {object}s from {connector} — roughly {count} rows. The initial sync has been running for two days. Is that expected?",
      "When we switch over, can we keep the historical snapshots {legacy} created, or do we have to resync from scratch?",
    ],
    replies: [
      "Hi {first}, for that volume the initial sync is limited by the {connector} API quota. I can switch the table to the bulk API, which is usually 5–10× faster for historical loads.",
      "Hi {first}, you can keep them: point the connection at the existing tables and choose 'Append to existing' — we'll only load changes from the cut-over date.",
    ],
    followUps: ["Please do switch to bulk.", "Great, that's what we hoped. Anything to watch out for?"],
    resolutions: [
      "Switched to the bulk API — the backfill finished overnight and incremental syncs are running on schedule now.",
      "Only that the primary key columns must match. I checked your tables — they do. You're good to cut over.",
    ],
  }),
  migration({
    key: "migration-sql",
    category: "Migration",
    area: "Transformations",
    tags: ["migration", "transformations"],
    priority: [["medium", 5]],
    channels: [
      ["slack", 4],
      ["email", 2],
      ["portal", 1],
    ],
    subjects: [
      "Porting custom SQL transformations",
      "Jinja macros from our old setup",
      "Translating legacy transforms",
    ],
    openings: [
      "A few of our jobs in {legacy} run custom SQL after each load. How do we port those? Some use Jinja macros.",
      "We have ~20 transformation scripts from {legacy}. Can they run as post-load steps in your product?",
    ],
    replies: [
      "Hi {first}! Post-load SQL runs as a transformation step; Jinja is supported, but a few macros from {legacy} need small changes. If you send the scripts we'll flag exactly what needs to change.",
      "Yes {first}, each script can become a transformation attached to the connection. Send them over and we'll do a first pass.",
    ],
    followUps: ["Sent a zip with all scripts.", "Here they are — three use a custom date macro."],
    resolutions: [
      "All scripts are ported; we rewrote the date macro as a shared macro. They're attached to the connections and ran green last night.",
      "Done — everything runs as post-load transformations now. I left comments in the two scripts that changed semantics slightly.",
    ],
  }),
  migration({
    key: "cutover-issue",
    category: "Migration",
    area: "Sync engine",
    tags: ["migration", "cutover"],
    priority: [
      ["high", 4],
      ["urgent", 1],
    ],
    channels: [["slack", 6]],
    subjects: ["Duplicates after cut-over", "Cut-over tonight — need someone on standby"],
    openings: [
      "We cut over yesterday and now see duplicate {object} rows in {destination}. Did both tools write into the same table?",
      "We're cutting over from {legacy} tonight at {time}. Can someone from your team be on standby?",
    ],
    replies: [
      "Hi {first}, looking now. It looks like the old {legacy} job ran one last time after the cut-over and appended rows. I can dedupe on the primary key — OK to proceed?",
      "Hi {first}, absolutely — I'll be online at {time} and will watch the first runs with you in this channel.",
    ],
    followUps: ["Yes please go ahead.", "Great, see you then."],
    resolutions: [
      "Deduplicated: {count} duplicate rows removed, counts match the source now. Make sure the old job stays disabled.",
      "Cut-over complete — all connections ran successfully on the new schedule. Thanks for the smooth coordination!",
    ],
    notes: ["@Elena heads-up on tonight's cut-over, I'm on standby."],
  }),
];
