// `switchboard import zendesk|csv`: the same import runs as the settings page, carried out in this
// process with progress on stdout. A run killed half-way is continued by the next one (`--resume`
// first marks a run whose process died as stopped), from the cursor of its last committed page.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { runCommand } from "./commands/context";
import { interruptImportRuns, requestImport } from "./commands/imports";
import { workspaces } from "./db/schema";
import { AppError } from "./domain/errors";
import { CSV_KINDS, type CsvObject } from "./domain/imports";
import { csvFileName, csvSource } from "./integrations/import/csv";
import { carryOutImport } from "./integrations/import/run";
import { zendeskSourceOf } from "./integrations/import/start";
import { zendeskBaseUrl } from "./integrations/import/zendesk";
import { getImportRun } from "./queries/imports";
import type { Services } from "./services";

export const IMPORT_USAGE = `  import zendesk (--subdomain SUB | --base-url URL) --token TOKEN [--email EMAIL] [--workspace DOMAIN] [--resume]
                       import users, organizations, tickets with comments, fields, macros and articles
  import csv --type issues|accounts|contacts --file FILE.csv --mapping MAPPING.json [--workspace DOMAIN] [--resume]
                       import rows through a mapping {"ourField": "CSV column"}`;

const ACTOR = { type: "system", name: "CLI import" } as const;
const TYPES: Record<string, CsvObject> = CSV_KINDS;

/** Runs `import <source>`; returns the process exit code. */
export async function importCommand(open: () => Promise<Services>, argv: string[], usage: string): Promise<number> {
  const [source, ...rest] = argv;
  if (source !== "zendesk" && source !== "csv") {
    console.error(usage);
    return 1;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      subdomain: { type: "string" },
      "base-url": { type: "string" },
      token: { type: "string" },
      email: { type: "string" },
      workspace: { type: "string" },
      type: { type: "string" },
      file: { type: "string" },
      mapping: { type: "string" },
      resume: { type: "boolean" },
    },
    strict: true,
  });
  const problem = source === "zendesk" ? zendeskProblem(values) : csvProblem(values);
  if (problem) {
    console.error(`import ${source}: ${problem}`);
    return 1;
  }
  const mapping = source === "csv" ? await readMapping(values.mapping ?? "") : undefined;
  if (typeof mapping === "string") {
    console.error(`import csv: ${mapping}`);
    return 1;
  }
  const services = await open();
  try {
    const workspaceId = await workspaceOf(services, values.workspace);
    const run = <T>(fn: Parameters<typeof runCommand<T>>[2]) => runCommand(services, { workspaceId, actor: ACTOR }, fn);
    if (values.resume) await run((ctx) => interruptImportRuns(ctx, source));
    const object = TYPES[values.type ?? ""] ?? "issue";
    const file = values.file ?? "";
    const token = values.token ?? "";
    const requested = await run((ctx) =>
      requestImport(ctx, {
        source,
        params:
          source === "zendesk"
            ? {
                kind: "zendesk",
                baseUrl: (values["base-url"] ?? zendeskBaseUrl(values.subdomain ?? "")).replace(/\/+$/, ""),
                email: values.email ?? null,
              }
            : { kind: "csv", object, fileName: csvFileName(file) },
        tokenSealed: source === "zendesk" ? services.secrets.seal(token) : null,
        queue: false,
      }),
    );
    const resumed = requested.cursor.stage ? ` (continuing at ${requested.cursor.stage})` : "";
    console.log(`import ${requested.id} started${resumed}`);
    const error = await carryOutImport(
      services,
      workspaceId,
      requested.id,
      (r) => (source === "zendesk" ? zendeskSourceOf(services, r) : csvSource({ file }, object, mapping ?? {})),
      { onPage: ({ stage, processed }) => console.log(`  ${stage}: ${processed} records`) },
    );
    const done = await getImportRun(services.database.db, workspaceId, requested.id);
    for (const [name, c] of Object.entries(done.counts))
      console.log(`  ${name}: ${c.created} created, ${c.updated} updated, ${c.skipped} skipped`);
    if (done.skipped > 0) console.log(`  skipped records: GET /api/v1/imports/${done.id}/skipped or Settings → Import`);
    if (error) {
      console.error(`import ${source} stopped: ${error}\n  run the same command again to continue from here`);
      return 1;
    }
    console.log(`import ${source} finished`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`import ${source}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await services.close();
  }
}

function zendeskProblem(v: Record<string, string | boolean | undefined>): string | undefined {
  if (!v.token) return "--token is required";
  if (Boolean(v.subdomain) === Boolean(v["base-url"])) return "give either --subdomain or --base-url";
  if (typeof v.subdomain === "string" && !/^[a-z0-9][a-z0-9-]*$/i.test(v.subdomain))
    return "--subdomain is not a subdomain";
  if (typeof v["base-url"] === "string" && !z.string().url().safeParse(v["base-url"]).success)
    return "--base-url is not a URL";
  return undefined;
}

function csvProblem(v: Record<string, string | boolean | undefined>): string | undefined {
  if (typeof v.type !== "string" || !TYPES[v.type]) return "--type must be issues, accounts or contacts";
  if (!v.file) return "--file is required";
  if (!v.mapping) return "--mapping is required";
  return undefined;
}

async function readMapping(path: string): Promise<Record<string, string> | string> {
  try {
    const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : `${path} is not a JSON object of field → column names`;
  } catch (error) {
    return `${path} could not be read: ${(error as Error).message}`;
  }
}

async function workspaceOf(services: Services, domain: string | undefined): Promise<string> {
  const rows = await services.database.db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(domain ? sql`${workspaces.domain} = ${domain} OR ${domain} = ANY(${workspaces.domains})` : sql`true`);
  const [only, ...more] = rows;
  if (!only) throw new AppError("not_found", domain ? `No workspace with the domain ${domain}.` : "No workspace yet.");
  if (more.length > 0) throw new AppError("validation_failed", "Several workspaces: name one with --workspace DOMAIN.");
  return only.id;
}
