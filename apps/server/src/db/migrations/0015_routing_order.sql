-- One routing order (issue 26): triggers on creation decide, and an inbox's team is only the
-- fallback when none set a team. The demo's first rule required "team is empty", so a trial's
-- mail to support@ kept the inbox's team; the seed sends every prospect's and trial's issue to
-- Sales, whatever the channel. Only the demo rule exactly as the seed wrote it is rewritten.
UPDATE "trigger"
SET "conditions" = '{"all":[{"field":"account.type","op":"in","value":["prospect","trial"]}]}'::jsonb,
    "updated_at" = now()
WHERE "name" = 'Prospects and trials go to Sales'
  AND "event" = 'issue_created'
  AND "conditions" = '{"all":[{"field":"issue.team","op":"is_not_set"},{"field":"account.type","op":"in","value":["prospect","trial"]}]}'::jsonb;
