// Stores a channel's attachments with the issue. The declared content type is never trusted:
// the bytes are sniffed, and anything that could run in a browser is stored as a plain download.

import { type AttachmentRef, attachments } from "../db/schema";
import type { CommandContext } from "./context";
import type { InboundAttachment } from "./inboundMessage";

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
