// One way to hand a stored file to a browser, for agents (/attachments/:id) and customers (widget,
// portal) alike: the type sniffed at upload, nosniff, a sandboxing CSP, and a download unless the type
// is safe to show inline — a customer's HTML dressed as a PDF never renders on our origin.
import type { FastifyReply } from "fastify";
import { INLINE_SAFE_TYPES } from "../commands/attachments";

export interface StoredFile {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export function sendAttachment(reply: FastifyReply, file: StoredFile) {
  const inline = INLINE_SAFE_TYPES.has(file.contentType);
  const filename = file.filename.replace(/[^\w.\- ]+/g, "_");
  return reply
    .header("content-type", file.contentType)
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .header("cache-control", "private, max-age=3600")
    .header(
      "content-disposition",
      `${inline ? "inline" : "attachment"}; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .send(Buffer.from(file.contentBase64, "base64"));
}
