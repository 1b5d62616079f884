ALTER TABLE "view" ALTER COLUMN "filter" SET DEFAULT '{"all":[]}'::jsonb;--> statement-breakpoint
-- Views and triggers share one condition language. Stored view filters of the earlier view
-- dialect ({match, conditions: [{field: "team", op: "in", values}]}) become condition trees,
-- as legacyViewFilterToNode (packages/api) rewrites them on input. Trigger conditions were
-- already trees of the same shape and stay as they are.
UPDATE "view" SET "filter" = jsonb_build_object(
  CASE WHEN "filter"->>'match' = 'any' THEN 'any' ELSE 'all' END,
  coalesce((
    SELECT jsonb_agg(
      CASE c->>'field'
        WHEN 'field' THEN
          CASE WHEN c->>'op' IN ('is_set', 'not_set')
            THEN jsonb_build_object('field', 'issue.field.' || (c->>'key'),
              'op', CASE c->>'op' WHEN 'is_set' THEN 'is_set' ELSE 'is_not_set' END)
            ELSE jsonb_build_object('field', 'issue.field.' || (c->>'key'), 'op', c->>'op',
              'value', coalesce(c->'values', '[]'::jsonb))
          END
        WHEN 'tag' THEN jsonb_build_object('field', 'issue.tags',
          'op', CASE c->>'op' WHEN 'has_any' THEN 'in' ELSE 'not_in' END, 'value', c->'values')
        WHEN 'created' THEN jsonb_build_object('field', 'issue.created_at', 'op', c->>'op', 'value', c->'days')
        WHEN 'updated' THEN jsonb_build_object('field', 'issue.updated_at', 'op', c->>'op', 'value', c->'days')
        WHEN 'text' THEN jsonb_build_object('field', 'issue.text', 'op', 'search', 'value', c->'query')
        ELSE jsonb_build_object(
          'field', CASE c->>'field'
            WHEN 'account_owner' THEN 'account.owner'
            WHEN 'account_type' THEN 'account.type'
            WHEN 'account_tier' THEN 'account.tier'
            ELSE 'issue.' || (c->>'field')
          END,
          'op', c->>'op', 'value', c->'values')
      END
      ORDER BY ord)
    FROM jsonb_array_elements(coalesce("filter"->'conditions', '[]'::jsonb)) WITH ORDINALITY AS t(c, ord)
  ), '[]'::jsonb))
WHERE NOT ("filter" ? 'all' OR "filter" ? 'any' OR "filter" ? 'field');
