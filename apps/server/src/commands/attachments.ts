// Stores a channel's attachments with the issue. The declared content type is never trusted:
// the bytes are sniffed, and anything that could run in a browser is stored as a plain download.

import { and, eq, inArray, sql } from "drizzle-orm";
import { type AttachmentRef, attachments, messages } from "../db/schema";
import { invalid, notFound } from "../domain/errors";
import { ACCEPTED_KINDS_TEXT, fileKindAccepted, REPLY_MAX_FILE_BYTES, REPLY_MAX_FILES } from "../domain/files";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import type { InboundAttachment } from "./inboundMessage";
import { loadIssueForUpdate } from "./lookup";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export async function storeAttachments(
  ctx: CommandContext,
  issueId: string,
  files: readonly InboundAttachment[] | undefined,
): Promise<AttachmentRef[]> {
  const kept = (files ?? []).filter((f) => f.content.length > 0 && f.content.length <= MAX_ATTACHMENT_BYTES);
  if (kept.length === 0) return [];
  const rows = await ctx.tx
    .insert(attachments)
    .values(
      kept.map((f) => ({
        workspaceId: ctx.workspaceId,
        issueId,
        filename: f.filename.slice(0, 200) || "attachment",
        contentType: safeContentType(f.content, f.contentType),
        size: f.content.length,
        contentBase64: f.content.toString("base64"),
      })),
    )
    .returning({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
    });
  // RETURNING lists the rows in VALUES order.
  return rows.map((row, i) => {
    const contentId = kept[i]?.contentId;
    return contentId ? { ...row, contentId } : row;
  });
}

/** A file someone attached (a customer in the widget, an agent in the composer), before it is stored. */
export interface AttachedFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * The file's real type, or a refusal in words: empty, larger than `maxBytes`, or not a kind a
 * conversation takes (judged by its bytes, not by the type the sender declared).
 */
export function checkAttachedFile(file: AttachedFile, maxBytes: number, field: string): string {
  if (file.content.length === 0) throw invalid(`"${file.filename}" is empty.`, { field });
  if (file.content.length > maxBytes)
    throw invalid(`"${file.filename}" is larger than ${maxBytes / 1024 / 1024} MB.`, { field });
  const type = safeContentType(file.content, file.contentType);
  if (!fileKindAccepted(type))
    throw invalid(`"${file.filename}" is not a kind of file we take (${ACCEPTED_KINDS_TEXT}).`, { field });
  return type;
}

/**
 * An agent's file for a reply on issue `number`, stored with the issue but on no message yet:
 * only agents who can read the issue see it until a reply carries it (replyToIssue), and a
 * customer sees it only then, and only on a public reply (queries/visibility.ts).
 */
export async function uploadReplyFile(ctx: CommandContext, number: number, file: AttachedFile) {
  authorize(ctx, "message.write");
  const issue = await loadIssueForUpdate(ctx, number);
  checkAttachedFile(file, REPLY_MAX_FILE_BYTES, "dataBase64");
  const [ref] = await storeAttachments(ctx, issue.id, [{ ...file, size: file.content.length }]);
  if (!ref) throw new Error("attachment insert returned nothing");
  return ref;
}

/**
 * The files a reply on `issueId` carries, by the ids their upload answered: each must be an
 * upload to this issue that no message carries yet (a file goes out once, with one reply).
 */
export async function claimReplyFiles(
  ctx: CommandContext,
  issueId: string,
  ids: readonly string[] | undefined,
): Promise<AttachmentRef[]> {
  const wanted = [...new Set(ids ?? [])];
  if (wanted.length === 0) return [];
  if (wanted.length > REPLY_MAX_FILES) throw invalid(`Attach at most ${REPLY_MAX_FILES} files to a reply.`);
  const rows = await ctx.tx
    .select({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
    })
    .from(attachments)
    .where(
      and(
        eq(attachments.workspaceId, ctx.workspaceId),
        eq(attachments.issueId, issueId),
        inArray(attachments.id, wanted),
      ),
    );
  const sent = await ctx.tx
    .select({ attachments: messages.attachments })
    .from(messages)
    .where(and(eq(messages.issueId, issueId), sql`jsonb_array_length(${messages.attachments}) > 0`));
  const carried = new Set(sent.flatMap((m) => m.attachments.map((a) => a.id)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return wanted.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound("Attachment");
    if (carried.has(row.id))
      throw invalid(`"${row.filename}" was already sent with another message.`, { field: "attachmentIds" });
    return { id: row.id, filename: row.filename, contentType: row.contentType, size: row.size };
  });
}

const SIGNATURES: [string, (b: Buffer) => boolean][] = [
  ["image/png", (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ["image/jpeg", (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ["image/gif", (b) => b.subarray(0, 6).toString("latin1").startsWith("GIF8")],
  [
    "image/webp",
    (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
  ],
  ["application/pdf", (b) => b.subarray(0, 5).toString("latin1") === "%PDF-"],
  ["application/zip", (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04],
];

/** Types a browser may show inline; everything else is served as a download. */
export const INLINE_SAFE_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
]);

/**
 * The type the bytes really are. A known magic number wins over the declared type; declared
 * types that a browser would execute (HTML, SVG, JS) are downgraded to a download.
 */
export function safeContentType(content: Buffer, declared: string): string {
  const sniffed = SIGNATURES.find(([, test]) => test(content))?.[0];
  if (sniffed) {
    // Office files are zip containers: keep their declared (more precise) type.
    return sniffed === "application/zip" && /^application\/(vnd\.|zip)/.test(declared) ? declared : sniffed;
  }
  const type = declared.toLowerCase().split(";")[0]?.trim() ?? "";
  if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type)) return "application/octet-stream";
  if (/html|xml|svg|javascript|ecmascript/.test(type)) return "application/octet-stream";
  if (type.startsWith("image/") || type === "application/pdf") return "application/octet-stream"; // claimed but not real
  if (type.startsWith("text/")) return looksBinary(content) ? "application/octet-stream" : "text/plain";
  return type;
}

function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 4096).includes(0);
}
