// An email's inline images arrive as parts the HTML names by Content-ID (`<img src="cid:logo">`).
// Once those parts are stored as attachments, the body points at our own download URL, so the
// image shows in place for signed-in members; a `cid:` nobody can resolve is dropped.
import type { AttachmentRef } from "../db/schema";

export const ATTACHMENT_URL_PREFIX = "/api/v1/attachments/";

export function linkInlineImages(html: string, stored: readonly AttachmentRef[]): string {
  const byContentId = new Map(
    stored.filter((a) => a.contentId).map((a) => [(a.contentId as string).toLowerCase(), a.id]),
  );
  return html.replace(/(<img\b[^>]*?\bsrc\s*=\s*)(["']?)cid:([^"'\s>]+)\2/gi, (_match, head: string, _quote, cid) => {
    const id = byContentId.get(decoded(String(cid)).toLowerCase());
    return id ? `${head}"${ATTACHMENT_URL_PREFIX}${id}"` : `${head}""`;
  });
}

function decoded(cid: string): string {
  try {
    return decodeURIComponent(cid);
  } catch {
    return cid;
  }
}
