// CSV as an import source (`switchboard import csv`, or a file uploaded on Settings → Import):
// accounts, contacts or issues, one per row, read through a column mapping (our field → the file's
// column) with csv-parse, streamed in pages of 500 rows so a large file is never held whole. The cursor is the number of rows done, so an
// interrupted import continues after the last committed page.
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { parse as parseNow } from "csv-parse/sync";
import { importIssue, importOrganization, importPerson } from "../../commands/importRecords";
import {
  type CsvMapping,
  type CsvObject,
  csvMappingProblems,
  listCell,
  mapCsvRow,
  parseTime,
  priorityOf,
  stateOfStatus,
} from "../../domain/imports";
import { ISSUE_STATES, type IssueState, PRIORITIES, type Priority } from "../../domain/lifecycle";
import type { ImportSource, PageItem } from "./run";
import { ImportSourceError } from "./zendesk";

const SOURCE = "csv";
const PAGE_ROWS = 500;
const ACCOUNT_TYPES = ["prospect", "trial", "customer", "churned"] as const;

export const csvFileName = (file: string) => basename(file);

/** Where the rows come from: a file (the CLI) or an uploaded file's text (the settings page). */
export type CsvInput = { file: string } | { name: string; text: string };

const nameOf = (input: CsvInput) => ("file" in input ? csvFileName(input.file) : input.name);
const streamOf = (input: CsvInput): Readable =>
  "file" in input ? createReadStream(input.file) : Readable.from([input.text]);

export function csvSource(input: CsvInput, object: CsvObject, mapping: CsvMapping): ImportSource {
  const file = nameOf(input);
  let rows: AsyncIterator<Record<string, string>> | undefined;
  let position = 0;
  const next = async () => {
    try {
      rows = rows ?? open(streamOf(input), object, mapping);
      return await rows.next();
    } catch (error) {
      if (error instanceof CsvError) throw new ImportSourceError(`${file}: ${error.message}`);
      if (error instanceof ImportSourceError) throw error;
      throw new ImportSourceError(`${file} could not be read: ${(error as Error).message}`);
    }
  };
  return {
    stages: [
      {
        name: "rows",
        async page(after) {
          const start = after ? Number(after) : 0;
          while (position < start && !(await next()).done) position++;
          const items: PageItem[] = [];
          let done = false;
          while (items.length < PAGE_ROWS) {
            const r = await next();
            if (r.done) {
              done = true;
              break;
            }
            position++;
            // Line numbers as a spreadsheet shows them: the header is line 1.
            items.push(itemOf(object, mapCsvRow(r.value, mapping), position + 1));
          }
          return { items, skipped: [], next: done ? null : String(position) };
        },
      },
    ],
  };
}

const OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true } as const;

/**
 * The head of an uploaded file for the settings page: its columns and first rows, to map and check
 * before the import starts. A file that does not parse says why (with its line).
 */
export function csvPreview(text: string, rows = 5): { columns: string[]; rows: string[][] } | string {
  try {
    const records = parseNow(text, { ...OPTIONS, to_line: rows + 1 }) as string[][];
    const [columns, ...first] = records;
    if (!columns || columns.length === 0) return "The file has no header row.";
    return { columns, rows: first };
  } catch (error) {
    if (error instanceof CsvError) return error.message;
    throw error;
  }
}

function open(stream: Readable, object: CsvObject, mapping: CsvMapping): AsyncIterator<Record<string, string>> {
  const parser = stream.pipe(
    parse({
      ...OPTIONS,
      columns: (header: string[]) => {
        const problems = csvMappingProblems(object, mapping, header);
        if (problems.length > 0)
          throw new ImportSourceError(`The mapping does not fit the file: ${problems.join("; ")}.`);
        return header;
      },
    }),
  );
  return parser[Symbol.asyncIterator]() as AsyncIterator<Record<string, string>>;
}

function itemOf(object: CsvObject, row: Record<string, string>, line: number): PageItem {
  const place = `line ${line}`;
  const externalId = row.externalId ?? place;
  const skip = (reason: string): PageItem => ({ object, externalId, skip: `${place}: ${reason}` });
  if (!row.externalId) return skip("no externalId");
  if (object === "account") {
    if (!row.name) return skip("no name");
    const type = row.type?.toLowerCase();
    if (type && !(ACCOUNT_TYPES as readonly string[]).includes(type)) return skip(`unknown account type "${row.type}"`);
    const org = {
      externalId: row.externalId,
      name: row.name,
      domains: listCell(row.domains),
      tags: listCell(row.tags),
      tier: row.tier,
      type: type as (typeof ACCOUNT_TYPES)[number] | undefined,
    };
    return { object, externalId, place, apply: (ctx) => importOrganization(ctx, SOURCE, org) };
  }
  if (object === "contact") {
    if (!row.name) return skip("no name");
    const person = {
      externalId: row.externalId,
      name: row.name,
      email: row.email ?? null,
      role: "end-user" as const,
      organizationExternalId: row.account ?? null,
    };
    return {
      object,
      externalId,
      place,
      apply: (ctx) => importPerson(ctx, SOURCE, { ...person, roles: listCell(row.roles) }),
    };
  }
  return issueItem(row, place, skip);
}

function issueItem(row: Record<string, string>, place: string, skip: (reason: string) => PageItem): PageItem {
  const externalId = row.externalId ?? "";
  if (!row.title) return skip("no title");
  if (!row.requesterEmail) return skip("no requesterEmail");
  const createdAt = row.createdAt ? parseTime(row.createdAt) : new Date();
  if (!createdAt) return skip(`"${row.createdAt}" is not a date`);
  const state = row.state ? stateOf(row.state) : "on_you";
  if (!state) return skip(`unknown state "${row.state}"`);
  const priority = row.priority ? priorityName(row.priority) : "none";
  if (!priority) return skip(`unknown priority "${row.priority}"`);
  const requester = `email:${row.requesterEmail.toLowerCase()}`;
  const email = row.requesterEmail;
  const person = {
    externalId: requester,
    name: row.requesterName ?? email,
    email,
    role: "end-user" as const,
    organizationExternalId: row.account ?? null,
  };
  const issue = {
    externalId,
    title: row.title,
    state,
    priority,
    requesterExternalId: requester,
    assigneeExternalId: null,
    organizationExternalId: row.account ?? null,
    tags: listCell(row.tags),
    fields: {},
    createdAt,
    updatedAt: createdAt,
    comments: row.body
      ? [
          {
            externalId: `${externalId}:body`,
            authorExternalId: requester,
            body: row.body,
            html: null,
            public: true,
            createdAt,
            attachments: [],
          },
        ]
      : [],
  };
  return {
    object: "issue",
    externalId,
    place,
    apply: async (ctx) => {
      await importPerson(ctx, SOURCE, person);
      return importIssue(ctx, SOURCE, issue);
    },
  };
}

/** Our state names, or the other help desk's (open, pending, solved …). */
function stateOf(value: string): IssueState | undefined {
  const v = value.trim().toLowerCase();
  return (ISSUE_STATES as readonly string[]).includes(v) ? (v as IssueState) : stateOfStatus(v);
}

function priorityName(value: string): Priority | undefined {
  const v = value.trim().toLowerCase();
  if ((PRIORITIES as readonly string[]).includes(v)) return v as Priority;
  const mapped = priorityOf(v);
  return mapped === "none" ? undefined : mapped;
}
