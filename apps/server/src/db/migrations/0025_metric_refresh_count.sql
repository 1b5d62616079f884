-- The facts' position in an issue's log becomes a count of its events, not the last seq: sequence
-- values are taken before commit, so a later seq can commit first and a seq watermark skipped the
-- earlier event for good. Rows written as seqs never equal a count, so those issues recompute once.
ALTER TABLE "issue_metric_refresh" RENAME COLUMN "seq" TO "event_count";
