// Import: POST /imports/zendesk starts a Zendesk import as a background job (the token sealed),
// POST /imports/csv/preview reads an uploaded CSV file's columns and first rows (to map them),
// POST /imports/csv imports the file through the mapping as a background job (the same run as the CLI's),
// /imports lists the runs with their progress, /imports/:id one run, /imports/:id/skipped the
// records it skipped and why, POST /imports/:id/resume continues a failed run from its cursor. Admin settings: everyone on staff reads, `settings.write` starts one.
import {
  CsvImportInput,
  CsvPreview,
  CsvPreviewInput,
  IdParams,
  ImportRun,
  ImportSkip,
  ImportSkipsQuery,
  type Presented,
  page,
  replies,
  ZendeskImportInput,
} from "@switchboard/api";
import { requestImport, resumeImport } from "../../commands/imports";
import type { importRuns } from "../../db/schema";
import { invalid } from "../../domain/errors";
import { CSV_FIELDS, CSV_KINDS, csvMappingProblems, suggestCsvMapping } from "../../domain/imports";
import { assertCan } from "../../domain/permissions";
import { csvPreview } from "../../integrations/import/csv";
import { zendeskBaseUrl } from "../../integrations/import/zendesk";
import * as q from "../../queries/imports";
import { staffOf } from "../../queries/scope";
import { principalOf, requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function importRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["imports"];
  const S = {
    zendesk: { body: ZendeskImportInput, tags, response: replies({ 201: ImportRun }, ...WRITE_ERRORS) },
    csvPreview: { body: CsvPreviewInput, tags, response: replies({ 200: CsvPreview }, ...WRITE_ERRORS) },
    csv: { body: CsvImportInput, tags, response: replies({ 201: ImportRun }, ...WRITE_ERRORS) },
    list: { tags, response: replies({ 200: page(ImportRun) }, ...LIST_ERRORS) },
    one: { params: IdParams, tags, response: replies({ 200: ImportRun }, ...ITEM_ERRORS) },
    resume: { params: IdParams, tags, response: replies({ 201: ImportRun }, ...WRITE_ERRORS) },
    skipped: {
      params: IdParams,
      querystring: ImportSkipsQuery,
      tags,
      response: replies({ 200: page(ImportSkip) }, ...ITEM_ERRORS),
    },
  };

  app.post("/imports/zendesk", { ...opts, schema: S.zendesk }, async (request, reply) => {
    staffOf(scopeOf(request));
    assertCan(principalOf(request).role, "settings.write");
    const { subdomain, baseUrl, email, token } = request.body;
    const run = await command(request, (ctx) =>
      requestImport(ctx, {
        source: "zendesk",
        params: {
          kind: "zendesk",
          baseUrl: (baseUrl ?? zendeskBaseUrl(subdomain ?? "")).replace(/\/+$/, ""),
          email: email ?? null,
        },
        tokenSealed: services.secrets.seal(token),
        queue: true,
      }),
    );
    reply.status(201);
    return presentImportRun(run);
  });

  // A file's text in the body: up to 10 MB of CSV, JSON-escaped.
  const csvOpts = { ...opts, bodyLimit: 24 * 1024 * 1024 };

  app.post("/imports/csv/preview", { ...csvOpts, schema: S.csvPreview }, async (request) => {
    staffOf(scopeOf(request));
    assertCan(principalOf(request).role, "settings.write");
    const head = csvPreview(request.body.csv);
    if (typeof head === "string") throw invalid(`The file is not CSV we can read: ${head}`);
    const kind = (object: keyof typeof CSV_FIELDS) => ({
      required: [...CSV_FIELDS[object].required],
      optional: [...CSV_FIELDS[object].optional],
      suggested: suggestCsvMapping(object, head.columns),
    });
    return {
      ...head,
      kinds: { issues: kind("issue"), accounts: kind("account"), contacts: kind("contact") },
    };
  });

  app.post("/imports/csv", { ...csvOpts, schema: S.csv }, async (request, reply) => {
    staffOf(scopeOf(request));
    assertCan(principalOf(request).role, "settings.write");
    const { kind, fileName, csv, mapping } = request.body;
    const object = CSV_KINDS[kind];
    const head = csvPreview(csv, 0);
    if (typeof head === "string") throw invalid(`The file is not CSV we can read: ${head}`);
    // Checked before a run exists: a mapping that does not fit is the form's error, not a failed run.
    const problems = csvMappingProblems(object, mapping, head.columns);
    if (problems.length > 0) throw invalid(`The mapping does not fit the file: ${problems.join("; ")}.`, { problems });
    const run = await command(request, (ctx) =>
      requestImport(ctx, {
        source: "csv",
        params: { kind: "csv", object, fileName, mapping },
        upload: csv,
        queue: true,
      }),
    );
    reply.status(201);
    return presentImportRun(run);
  });

  app.post("/imports/:id/resume", { ...opts, schema: S.resume }, async (request, reply) => {
    staffOf(scopeOf(request));
    assertCan(principalOf(request).role, "settings.write");
    const run = await command(request, (ctx) => resumeImport(ctx, request.params.id));
    reply.status(201);
    return presentImportRun(run);
  });

  app.get("/imports", { ...opts, schema: S.list }, async (request) => {
    const runs = await q.listImportRuns(db(), staffOf(scopeOf(request)).workspaceId);
    return { items: runs.map(presentImportRun), nextCursor: null };
  });

  app.get("/imports/:id", { ...opts, schema: S.one }, async (request) =>
    presentImportRun(await q.getImportRun(db(), staffOf(scopeOf(request)).workspaceId, request.params.id)),
  );

  app.get("/imports/:id/skipped", { ...opts, schema: S.skipped }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    const { limit, cursor } = request.query;
    return q.importSkipsOf(db(), workspaceId, request.params.id, limit, cursor ? Number(cursor) : 0);
  });
}

export function presentImportRun(run: typeof importRuns.$inferSelect): Presented<typeof ImportRun> {
  return {
    id: run.id,
    source: run.source,
    status: run.status,
    from: run.params.kind === "zendesk" ? run.params.baseUrl : run.params.fileName,
    stage: run.cursor.stage ?? null,
    processed: run.processed,
    total: run.total,
    skipped: run.skipped,
    counts: run.counts,
    error: run.error,
    resumable: run.status === "failed" && (run.tokenSealed !== null || run.upload !== null),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    createdAt: run.createdAt,
  };
}
