// Import from another help desk (/api/v1/imports): start a Zendesk import or an uploaded CSV file's
// (a background job; a CSV file previewed first to map its columns), the runs with their progress and counts, and the records a run skipped with the reason for each.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

const Subdomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Not a Zendesk subdomain");

export const ZendeskImportInput = z
  .strictObject({
    /** `acme` for https://acme.zendesk.com. */
    subdomain: Subdomain.optional(),
    /** Instead of a subdomain: the API's base URL (a Zendesk on its own host, a stand-in). */
    baseUrl: z.string().url().max(500).optional(),
    /** With an API token: the agent's email (`email/token:TOKEN`); without: the token is an OAuth bearer token. */
    email: z.string().trim().email().max(320).optional(),
    /** Sealed at rest while the run needs it; dropped when it finishes. */
    token: text(500),
  })
  .refine((v) => Boolean(v.subdomain) !== Boolean(v.baseUrl), {
    message: "Give either a subdomain or a base URL.",
    path: ["subdomain"],
  });

/** What a CSV file holds, as the CLI's `--type` says it. */
export const CsvImportKind = z.enum(["issues", "accounts", "contacts"]);
export type CsvImportKind = z.infer<typeof CsvImportKind>;

/** An uploaded CSV file's text: up to 10 MB (a larger file goes through `switchboard import csv`). */
export const MAX_CSV_UPLOAD_CHARS = 10 * 1024 * 1024;
const CsvText = z.string().min(1, "The file is empty.").max(MAX_CSV_UPLOAD_CHARS, "The file is over 10 MB.");

export const CsvPreviewInput = z.strictObject({
  /** The file's first part is enough: its header and first rows. */
  csv: CsvText,
});

const CsvKindFields = z.strictObject({
  required: z.array(z.string()),
  optional: z.array(z.string()),
  /** Our field → the column whose name matches it, as a starting point for the mapping. */
  suggested: z.record(z.string(), z.string()),
});

export const CsvPreview = z.strictObject({
  columns: z.array(z.string()),
  /** The first rows, as the file has them. */
  rows: z.array(z.array(z.string())),
  /** Per kind: the fields a column can be mapped to. */
  kinds: z.strictObject({ issues: CsvKindFields, accounts: CsvKindFields, contacts: CsvKindFields }),
});
export type CsvPreview = Wire<typeof CsvPreview>;

export const CsvImportInput = z.strictObject({
  kind: CsvImportKind,
  fileName: text(200),
  csv: CsvText,
  /** Our field → the file's column; required fields must be mapped, every column named must be in the file. */
  mapping: z.record(z.string().max(50), text(200)),
});

export const ImportCounts = z.record(
  z.string(),
  z.strictObject({ created: z.number().int(), updated: z.number().int(), skipped: z.number().int() }),
);

export const ImportRun = z.strictObject({
  id: Uuid,
  source: z.enum(["zendesk", "csv"]),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  /** Where it reads from: the Zendesk base URL, or the CSV file's name. */
  from: z.string(),
  /** The stage the run is in (`tickets` …), `done` when finished. */
  stage: z.string().nullable(),
  processed: z.number().int(),
  /** What the source says it has; null until asked. */
  total: z.number().int().nullable(),
  skipped: z.number().int(),
  counts: ImportCounts,
  /** Why the run stopped; a new run of the same source continues from where it stopped. */
  error: z.string().nullable(),
  /** A failed run whose secret is still sealed: `POST /imports/:id/resume` continues it. */
  resumable: z.boolean(),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type ImportRun = Wire<typeof ImportRun>;

export const ImportSkip = z.strictObject({
  object: z.string(),
  externalId: z.string(),
  reason: z.string(),
  createdAt: Timestamp,
});
export type ImportSkip = Wire<typeof ImportSkip>;

export const ImportSkipsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, "Not a cursor")
    .optional(),
});
