// Read model of the knowledge base: collections with counts, articles, revisions, slug history,
// and full-text search (ts_rank over title-weighted vectors, ts_headline passages). The audience
// decides what is visible: agents read every article, the public only published public ones.
import { and, asc, count, desc, eq, getTableColumns, gte, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import {
  accounts,
  attachments,
  issues,
  kbArticleImages,
  kbArticleRevisions,
  kbArticles,
  kbCollections,
  kbSlugs,
  knowledgeGaps,
  workspaces,
} from "../db/schema";
import { forbidden, notFound } from "../domain/errors";
import { terms } from "../domain/knowledge/text";
import type { ReadScope } from "./scope";

type AccountType = (typeof accounts.$inferSelect)["type"];

/**
 * Who reads: agents every article; the public (help center, anyone) published public ones; a
 * verified customer those plus published `account_types` articles naming their account's type.
 * Internal articles reach agents only, whatever the audience.
 */
export type Audience = "agent" | "public" | { readonly customer: AccountType | null };

const { search: _vector, ...articleColumns } = getTableColumns(kbArticles);
export type ArticleRow = Omit<typeof kbArticles.$inferSelect, "search">;
export type SearchHit = ArticleRow & { rank: number; highlight: string };

export function visibleTo(audience: Audience): SQL | undefined {
  if (audience === "agent") return undefined;
  const published = eq(kbArticles.status, "published");
  const everyone = eq(kbArticles.visibility, "public");
  if (audience === "public" || audience.customer === null) return and(published, everyone);
  const ofType = and(
    eq(kbArticles.visibility, "account_types"),
    sql`${audience.customer} = ANY(${kbArticles.accountTypes})`,
  );
  return and(published, or(everyone, ofType));
}

/** The audience of a customer scope: their account's type, read here, never taken from the caller. */
export async function customerAudience(db: Executor, scope: ReadScope): Promise<Audience> {
  if (scope.viewer.kind !== "contact") throw forbidden("Only a customer has a customer audience.");
  const { accountId } = scope.viewer;
  if (!accountId) return { customer: null };
  const [row] = await db
    .select({ type: accounts.type })
    .from(accounts)
    .where(and(eq(accounts.workspaceId, scope.workspaceId), eq(accounts.id, accountId)));
  return { customer: row?.type ?? null };
}

/** Search as a verified customer (widget, portal): public articles and those of their account type. */
export async function searchForCustomer(db: Executor, scope: ReadScope, q: string, limit = 10) {
  const audience = await customerAudience(db, scope);
  return searchArticles(db, scope.workspaceId, q, { limit, audience });
}

export async function listCollections(db: Executor, workspaceId: string, audience: Audience = "agent") {
  const counted = db
    .select({ collectionId: kbArticles.collectionId, n: count().as("n") })
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), visibleTo(audience)))
    .groupBy(kbArticles.collectionId)
    .as("counted");
  const rows = await db
    .select({ ...getTableColumns(kbCollections), articleCount: sql<number>`coalesce(${counted.n}, 0)::int` })
    .from(kbCollections)
    .leftJoin(counted, eq(counted.collectionId, kbCollections.id))
    .where(eq(kbCollections.workspaceId, workspaceId))
    .orderBy(asc(kbCollections.position), asc(kbCollections.name));
  return rows;
}

export interface ArticleFilter {
  collectionId?: string;
  status?: ArticleRow["status"];
  visibility?: ArticleRow["visibility"];
  limit: number;
}

export async function listArticles(
  db: Executor,
  workspaceId: string,
  filter: ArticleFilter,
  audience: Audience = "agent",
): Promise<ArticleRow[]> {
  return db
    .select(articleColumns)
    .from(kbArticles)
    .where(
      and(
        eq(kbArticles.workspaceId, workspaceId),
        visibleTo(audience),
        filter.collectionId ? eq(kbArticles.collectionId, filter.collectionId) : undefined,
        filter.status ? eq(kbArticles.status, filter.status) : undefined,
        filter.visibility ? eq(kbArticles.visibility, filter.visibility) : undefined,
      ),
    )
    .orderBy(desc(kbArticles.updatedAt))
    .limit(filter.limit);
}

/** The sitemap's rows: slug and date of every public article, nothing else (no bodies at 10,000 articles). */
export const sitemapEntries = (db: Executor, workspaceId: string) =>
  db
    .select({ slug: kbArticles.slug, updatedAt: kbArticles.updatedAt })
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), visibleTo("public")))
    .orderBy(desc(kbArticles.updatedAt))
    .limit(50_000);

/**
 * What the sitemap depends on, in one cheap row: how many public articles there are and the latest
 * change among them. Publishing, unpublishing, a slug or visibility change and deletion each move
 * one of the two (every article write sets `updated_at`), so a cached sitemap with the same stamp
 * is still right — in every server process, not only the one that made the change.
 */
export async function sitemapStamp(db: Executor, workspaceId: string): Promise<string> {
  const [row] = await db
    .select({ n: count(), latest: sql<string | null>`max(${kbArticles.updatedAt})::text` })
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), visibleTo("public")));
  return `${row?.n ?? 0}@${row?.latest ?? ""}`;
}

export async function getArticle(db: Executor, workspaceId: string, id: string, audience: Audience = "agent") {
  const [row] = await db
    .select(articleColumns)
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.id, id), visibleTo(audience)));
  if (!row) throw notFound("Article");
  return row;
}

export async function formerSlugs(db: Executor, article: ArticleRow): Promise<string[]> {
  const rows = await db
    .select({ slug: kbSlugs.slug })
    .from(kbSlugs)
    .where(and(eq(kbSlugs.workspaceId, article.workspaceId), eq(kbSlugs.articleId, article.id)))
    .orderBy(asc(kbSlugs.createdAt));
  return rows.map((r) => r.slug).filter((s) => s !== article.slug);
}

export const listRevisions = (db: Executor, workspaceId: string, articleId: string) =>
  db
    .select()
    .from(kbArticleRevisions)
    .where(and(eq(kbArticleRevisions.workspaceId, workspaceId), eq(kbArticleRevisions.articleId, articleId)))
    .orderBy(desc(kbArticleRevisions.revision));

/** The article a slug names now or named once; `current` is false for a former slug (redirect). */
export async function articleBySlug(db: Executor, workspaceId: string, slug: string, audience: Audience = "public") {
  const [row] = await db
    .select(articleColumns)
    .from(kbSlugs)
    .innerJoin(kbArticles, eq(kbArticles.id, kbSlugs.articleId))
    .where(and(eq(kbSlugs.workspaceId, workspaceId), eq(kbSlugs.slug, slug), visibleTo(audience)));
  return row ? { article: row, current: row.slug === slug } : null;
}

/** The workspace whose help center a public URL names (by its domain). */
export async function workspaceByDomain(db: Executor, domain: string) {
  const [row] = await db
    .select({ id: workspaces.id, name: workspaces.name, domain: workspaces.domain })
    .from(workspaces)
    .where(eq(workspaces.domain, domain.toLowerCase()));
  return row ?? null;
}

export async function onlyWorkspace(db: Executor) {
  const rows = await db.select({ domain: workspaces.domain }).from(workspaces).limit(2);
  return rows.length === 1 ? (rows[0] ?? null) : null;
}

// ---- search -----------------------------------------------------------------------------------

const MARK_OPEN = "\u0002";
const MARK_CLOSE = "\u0003";
const HEADLINE = `StartSel=${MARK_OPEN}, StopSel=${MARK_CLOSE}, MaxWords=28, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * A typed query: every word must match (websearch syntax: quotes, -not, or); when nothing
 * does, any word may (ranked by how many and how well), so a long question still finds articles.
 */
export async function searchArticles(
  db: Executor,
  workspaceId: string,
  q: string,
  options: { limit: number; audience: Audience; publishedOnly?: boolean },
): Promise<SearchHit[]> {
  const strict = await runSearch(db, workspaceId, sql`websearch_to_tsquery('english', ${q})`, options);
  if (strict.length > 0) return strict;
  const any = anyWordQuery(q);
  return any ? runSearch(db, workspaceId, sql`to_tsquery('english', ${any})`, options) : [];
}

/** Words of `text` as an OR tsquery (the last one a prefix, for type-ahead); null without words. */
export function anyWordQuery(text: string, prefixLast = true): string | null {
  const words = [...new Set(terms(text).map((t) => t.replace(/[^a-z0-9]/g, "")))].filter(Boolean).slice(0, 32);
  if (words.length === 0) return null;
  return words.map((w, i) => (prefixLast && i === words.length - 1 ? `${w}:*` : w)).join(" | ");
}

/** Articles sharing any word with `text` (a customer's message), ranked: retrieval for an issue. */
export async function searchAnyWord(
  db: Executor,
  workspaceId: string,
  text: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const any = anyWordQuery(text, false);
  return any ? runSearch(db, workspaceId, sql`to_tsquery('english', ${any})`, options) : [];
}

interface SearchOptions {
  limit: number;
  audience: Audience;
  publishedOnly?: boolean;
  /** False leaves `highlight` empty: ts_headline re-parses each body, the costliest part of a search. */
  highlight?: boolean;
}

/** Highlighted passages of the given articles for `text`'s words (any word), by article id. */
export async function anyWordHighlights(db: Executor, workspaceId: string, text: string, ids: string[]) {
  const any = anyWordQuery(text, false);
  if (!any || ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({
      id: kbArticles.id,
      highlight: sql<string>`ts_headline('english', ${kbArticles.body}, to_tsquery('english', ${any}), ${HEADLINE})`,
    })
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), inArray(kbArticles.id, ids)));
  return new Map(rows.map((r) => [r.id, markHighlight(r.highlight)]));
}

async function runSearch(db: Executor, workspaceId: string, query: SQL, options: SearchOptions): Promise<SearchHit[]> {
  const rank = sql<number>`ts_rank(${kbArticles.search}, ${query}, 1)`;
  const rows = await db
    .select({
      ...articleColumns,
      rank: rank.mapWith(Number),
      highlight:
        options.highlight === false
          ? sql<string>`''`
          : sql<string>`ts_headline('english', ${kbArticles.body}, ${query}, ${HEADLINE})`,
    })
    .from(kbArticles)
    .where(
      and(
        eq(kbArticles.workspaceId, workspaceId),
        sql`${kbArticles.search} @@ ${query}`,
        visibleTo(options.audience),
        options.publishedOnly ? eq(kbArticles.status, "published") : undefined,
      ),
    )
    .orderBy(desc(rank), desc(kbArticles.updatedAt))
    .limit(options.limit);
  return rows.map((r) => ({ ...r, highlight: markHighlight(r.highlight) }));
}

/** ts_headline's passage as safe HTML: the text escaped, only our own markers become <mark>. */
export function markHighlight(passage: string): string {
  const escaped = passage
    .replace(/[#*_`>[\]]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\s+/g, " ")
    .trim();
  return escaped.replaceAll(MARK_OPEN, "<mark>").replaceAll(MARK_CLOSE, "</mark>");
}

// ---- knowledge gaps ---------------------------------------------------------------------------

export async function listGaps(
  db: Executor,
  workspaceId: string,
  filter: { status?: (typeof knowledgeGaps.$inferSelect)["status"]; week?: string; assigneeId?: string },
) {
  const from = filter.week ? new Date(`${filter.week}T00:00:00Z`) : null;
  const to = from ? new Date(from.getTime() + 7 * 86_400_000) : null;
  return db
    .select({ gap: knowledgeGaps, issueNumber: issues.number })
    .from(knowledgeGaps)
    .leftJoin(issues, eq(issues.id, knowledgeGaps.issueId))
    .where(
      and(
        eq(knowledgeGaps.workspaceId, workspaceId),
        filter.status ? eq(knowledgeGaps.status, filter.status) : undefined,
        filter.assigneeId ? eq(knowledgeGaps.assigneeId, filter.assigneeId) : undefined,
        from ? gte(knowledgeGaps.createdAt, from) : undefined,
        to ? lt(knowledgeGaps.createdAt, to) : undefined,
      ),
    )
    .orderBy(desc(knowledgeGaps.createdAt))
    .limit(2_000);
}

export async function collectionOf(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(kbCollections)
    .where(and(eq(kbCollections.workspaceId, workspaceId), eq(kbCollections.id, id)));
  return row ? { ...row, articleCount: 0 } : null;
}

// ---- article images ---------------------------------------------------------------------------

/**
 * An article's image: for agents any (also one uploaded before its article's first save), for the
 * help center only of a published public article, for a customer of an article they may read.
 */
export async function articleImage(db: Executor, workspaceId: string, id: string, audience: Audience) {
  const [row] = await db
    .select({
      filename: attachments.filename,
      contentType: attachments.contentType,
      contentBase64: attachments.contentBase64,
    })
    .from(kbArticleImages)
    .innerJoin(attachments, eq(attachments.id, kbArticleImages.attachmentId))
    // An image waiting for its article's first save has none: only agents see it (visibleTo).
    .leftJoin(kbArticles, eq(kbArticles.id, kbArticleImages.articleId))
    .where(
      and(eq(kbArticleImages.workspaceId, workspaceId), eq(kbArticleImages.attachmentId, id), visibleTo(audience)),
    );
  return row ?? null;
}

/** Where the agent app serves an image; the help center rewrites it to its own (`helpImages`). */
export const AGENT_IMAGE_PATH = "/api/v1/kb/images/";
export const helpImages = (markdown: string, base: string) => markdown.replaceAll(AGENT_IMAGE_PATH, `${base}/images/`);

/** The portal page of an article for account types: they have no public help-center page. */
export const portalArticlePath = (domain: string, slug: string) => `/portal/${domain}/help/${slug}`;

/** Workspaces holding images that wait for an article's first save since before `before`. */
export async function workspacesWithPendingImages(db: Executor, before: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: kbArticleImages.workspaceId })
    .from(kbArticleImages)
    .where(and(isNull(kbArticleImages.articleId), lt(kbArticleImages.createdAt, before)));
  return rows.map((r) => r.id);
}
