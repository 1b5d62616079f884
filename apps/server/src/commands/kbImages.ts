// Images of knowledge-base articles: stored as attachments (no issue) tied to their article, so a
// deleted article takes its images along. Only real images (by their bytes) are taken. An image
// pasted into an article not saved yet waits without one; the save attaches what its body names.
import { and, eq, inArray, isNull, lt } from "drizzle-orm";
import { attachments, kbArticleImages } from "../db/schema";
import { invalid } from "../domain/errors";
import { safeContentType } from "./attachments";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { loadArticle } from "./knowledge";

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** `articleId` null: an image for an article being written, attached when it is first saved. */
export async function addArticleImage(
  ctx: CommandContext,
  articleId: string | null,
  input: { filename: string; content: Buffer },
) {
  authorize(ctx, "kb.write");
  const article = articleId ? await loadArticle(ctx, articleId) : null;
  if (input.content.length === 0 || input.content.length > MAX_IMAGE_BYTES) {
    throw invalid("An image is between 1 byte and 2 MB.", { field: "dataBase64" });
  }
  const contentType = safeContentType(input.content, "application/octet-stream");
  if (!IMAGE_TYPES.has(contentType)) throw invalid("Only PNG, JPEG, GIF and WebP images.", { field: "dataBase64" });
  const [row] = await ctx.tx
    .insert(attachments)
    .values({
      workspaceId: ctx.workspaceId,
      issueId: null,
      filename: input.filename.replace(/[^\w.\- ]+/g, "_").slice(0, 200) || "image",
      contentType,
      size: input.content.length,
      contentBase64: input.content.toString("base64"),
    })
    .returning({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
    });
  if (!row) throw new Error("image insert returned nothing");
  await ctx.tx
    .insert(kbArticleImages)
    .values({ attachmentId: row.id, workspaceId: ctx.workspaceId, articleId: article?.id ?? null });
  return row;
}

/** How long an image waits for its article's first save before the nightly sweep deletes it. */
export const PENDING_IMAGE_TTL_MS = 2 * 86_400_000;

/**
 * Deletes the workspace's images still waiting for an article (none claimed them) and uploaded
 * before `before`: an editor closed without saving. Their attachment rows go with them. A system
 * job's command; no route reaches it.
 */
export async function sweepPendingImages(ctx: CommandContext, before: Date): Promise<number> {
  if (ctx.actor.type !== "system") throw new Error("only the knowledge base's sweep job deletes pending images");
  const stale = ctx.tx
    .select({ id: kbArticleImages.attachmentId })
    .from(kbArticleImages)
    .where(
      and(
        eq(kbArticleImages.workspaceId, ctx.workspaceId),
        isNull(kbArticleImages.articleId),
        lt(kbArticleImages.createdAt, before),
      ),
    );
  const deleted = await ctx.tx
    .delete(attachments)
    .where(and(eq(attachments.workspaceId, ctx.workspaceId), inArray(attachments.id, stale)))
    .returning({ id: attachments.id });
  return deleted.length;
}
