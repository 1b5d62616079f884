// Knowledge-base writes: collections, and articles whose every save is a revision and whose every
// slug stays theirs (kb_slug), so a help-center URL once given out keeps working.
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { kbArticleImages, kbArticleRevisions, kbArticles, kbCollections, kbSlugs, knowledgeGaps } from "../db/schema";
import { conflict, invalid, notFound } from "../domain/errors";
import { slugify } from "../domain/knowledge/text";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";

type ArticleStatus = (typeof kbArticles.$inferSelect)["status"];
type ArticleVisibility = (typeof kbArticles.$inferSelect)["visibility"];

export interface CollectionInput {
  name: string;
  slug?: string;
  description?: string;
  position?: number;
}

export async function createCollection(ctx: CommandContext, input: CollectionInput) {
  authorize(ctx, "kb.write");
  const [row] = await ctx.tx
    .insert(kbCollections)
    .values({
      workspaceId: ctx.workspaceId,
      name: input.name.trim(),
      slug: input.slug ?? slugify(input.name),
      description: input.description ?? "",
      position: input.position ?? 0,
    })
    .returning();
  if (!row) throw new Error("collection insert returned nothing");
  return row;
}

export async function updateCollection(ctx: CommandContext, id: string, input: Partial<CollectionInput>) {
  authorize(ctx, "kb.write");
  await loadCollection(ctx, id);
  const [row] = await ctx.tx
    .update(kbCollections)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(kbCollections.id, id))
    .returning();
  if (!row) throw notFound("Collection");
  return row;
}

export async function deleteCollection(ctx: CommandContext, id: string) {
  authorize(ctx, "kb.write");
  await loadCollection(ctx, id);
  await ctx.tx.delete(kbCollections).where(eq(kbCollections.id, id));
}

async function loadCollection(ctx: CommandContext, id: string) {
  const [row] = await ctx.tx
    .select()
    .from(kbCollections)
    .where(and(eq(kbCollections.workspaceId, ctx.workspaceId), eq(kbCollections.id, id)));
  if (!row) throw notFound("Collection");
  return row;
}

export interface ArticleInput {
  title: string;
  body?: string;
  slug?: string;
  collectionId?: string | null;
  status?: ArticleStatus;
  visibility?: ArticleVisibility;
  accountTypes?: (typeof kbArticles.$inferSelect)["accountTypes"];
}

/** An article for account types names at least one; other visibilities keep none. */
function audienceOf(visibility: ArticleVisibility, accountTypes: ArticleInput["accountTypes"]) {
  const types = [...new Set(accountTypes ?? [])];
  if (visibility === "account_types" && types.length === 0) {
    throw invalid("An article visible to account types names at least one account type.", { field: "accountTypes" });
  }
  return visibility === "account_types" ? types : [];
}

export async function createArticle(ctx: CommandContext, input: ArticleInput) {
  authorize(ctx, "kb.write");
  if (input.collectionId) await loadCollection(ctx, input.collectionId);
  const slug = input.slug ? await claimSlug(ctx, input.slug, null) : await freeSlug(ctx, slugify(input.title));
  const now = ctx.now?.() ?? new Date();
  const status = input.status ?? "draft";
  const visibility = input.visibility ?? "internal";
  const [article] = await ctx.tx
    .insert(kbArticles)
    .values({
      workspaceId: ctx.workspaceId,
      collectionId: input.collectionId ?? null,
      title: input.title.trim(),
      slug,
      body: input.body ?? "",
      status,
      visibility,
      accountTypes: audienceOf(visibility, input.accountTypes),
      authorId: authorOf(ctx),
      publishedAt: status === "published" ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!article) throw new Error("article insert returned nothing");
  await ctx.tx.insert(kbSlugs).values({ workspaceId: ctx.workspaceId, slug, articleId: article.id });
  await saveRevision(ctx, article);
  await attachPendingImages(ctx, article);
  return article;
}

/** Every save is a new revision; a new slug joins the article's slugs, the old ones redirect. */
export async function updateArticle(ctx: CommandContext, id: string, input: Partial<ArticleInput>) {
  authorize(ctx, "kb.write");
  const current = await loadArticle(ctx, id);
  if (input.collectionId) await loadCollection(ctx, input.collectionId);
  const slug = input.slug && input.slug !== current.slug ? await claimSlug(ctx, input.slug, id) : current.slug;
  const now = ctx.now?.() ?? new Date();
  const publishing = input.status === "published" && current.status !== "published";
  const visibility = input.visibility ?? current.visibility;
  const [article] = await ctx.tx
    .update(kbArticles)
    .set({
      ...input,
      accountTypes: audienceOf(visibility, input.accountTypes ?? current.accountTypes),
      ...(input.title && { title: input.title.trim() }),
      slug,
      revision: sql`${kbArticles.revision} + 1`,
      updatedAt: now,
      ...(publishing && { publishedAt: now }),
    })
    .where(eq(kbArticles.id, id))
    .returning();
  if (!article) throw notFound("Article");
  await saveRevision(ctx, article);
  await attachPendingImages(ctx, article);
  if (publishing) await closeGapsOf(ctx, article.id);
  return article;
}

export async function deleteArticle(ctx: CommandContext, id: string) {
  authorize(ctx, "kb.write");
  await loadArticle(ctx, id);
  await ctx.tx.delete(kbArticles).where(eq(kbArticles.id, id));
}

export async function loadArticle(ctx: Pick<CommandContext, "tx" | "workspaceId">, id: string) {
  const [row] = await ctx.tx
    .select()
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, ctx.workspaceId), eq(kbArticles.id, id)));
  if (!row) throw notFound("Article");
  return row;
}

async function saveRevision(ctx: CommandContext, article: typeof kbArticles.$inferSelect) {
  await ctx.tx.insert(kbArticleRevisions).values({
    workspaceId: ctx.workspaceId,
    articleId: article.id,
    revision: article.revision,
    title: article.title,
    body: article.body,
    status: article.status,
    visibility: article.visibility,
    accountTypes: article.accountTypes,
    authorId: authorOf(ctx),
    createdAt: article.updatedAt,
  });
}

const IMAGE_IN_BODY = /\/api\/v1\/kb\/images\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;

// An image pasted before the article's first save waits without one (commands/kbImages.ts).
/** A saved article takes the waiting images (of its workspace, of no article yet) its body shows. */
export async function attachPendingImages(ctx: CommandContext, article: { id: string; body: string }) {
  const ids = [...new Set([...article.body.matchAll(IMAGE_IN_BODY)].map((m) => (m[1] ?? "").toLowerCase()))];
  if (ids.length === 0) return;
  await ctx.tx
    .update(kbArticleImages)
    .set({ articleId: article.id })
    .where(
      and(
        eq(kbArticleImages.workspaceId, ctx.workspaceId),
        inArray(kbArticleImages.attachmentId, ids),
        isNull(kbArticleImages.articleId),
      ),
    );
}

/** An asked-for slug: refused when another article has (or had) it. */
async function claimSlug(ctx: CommandContext, slug: string, articleId: string | null) {
  const [owner] = await ctx.tx
    .select({ articleId: kbSlugs.articleId })
    .from(kbSlugs)
    .where(and(eq(kbSlugs.workspaceId, ctx.workspaceId), eq(kbSlugs.slug, slug)));
  if (owner && owner.articleId !== articleId) {
    throw conflict(`The slug "${slug}" belongs to another article.`, { slug });
  }
  if (!owner && articleId) await ctx.tx.insert(kbSlugs).values({ workspaceId: ctx.workspaceId, slug, articleId });
  return slug;
}

/** A slug made from the title: numbered (`-2`, `-3` …) past the ones already given out. */
async function freeSlug(ctx: CommandContext, base: string) {
  const taken = await ctx.tx
    .select({ slug: kbSlugs.slug })
    .from(kbSlugs)
    .where(and(eq(kbSlugs.workspaceId, ctx.workspaceId), sql`${kbSlugs.slug} LIKE ${`${base}%`}`));
  const used = new Set(taken.map((t) => t.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

const authorOf = (ctx: CommandContext) => (ctx.actor.type === "user" ? ctx.actor.userId : null);

/** Publishing an article answers the gaps it was drafted for. */
async function closeGapsOf(ctx: CommandContext, articleId: string) {
  await ctx.tx
    .update(knowledgeGaps)
    .set({ status: "published", updatedAt: new Date() })
    .where(
      and(
        eq(knowledgeGaps.workspaceId, ctx.workspaceId),
        eq(knowledgeGaps.articleId, articleId),
        ne(knowledgeGaps.status, "dismissed"),
      ),
    );
}
