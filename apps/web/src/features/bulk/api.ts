// POST /issues/bulk: one change to the selected issues; the answer lists the refused ones.
import type { BulkUpdateIssuesInput, BulkUpdateResult } from "@switchboard/api";
import type { z } from "zod";
import { request } from "../../api/client";

export type BulkChange = z.input<typeof BulkUpdateIssuesInput>["change"];

export const bulkUpdateIssues = (numbers: number[], change: BulkChange) =>
  request<BulkUpdateResult>("/issues/bulk", { method: "POST", body: { numbers, change } });
