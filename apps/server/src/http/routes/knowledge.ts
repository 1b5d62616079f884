// /kb: the knowledge base for agents (collections, articles, revisions, search, a markdown
// preview) and the articles suggested for an issue. The public help center is http/help.ts.
import {
  ArticleListQuery,
  AttachmentFile,
  CopilotParams,
  CreateArticleInput,
  CreateCollectionInput,
  IdParams,
  IssueSuggestionsQuery,
  items,
  KbArticle,
  KbArticleSummary,
  KbCollection,
  KbImage,
  KbRevision,
  Ok,
  type Presented,
  PreviewMarkdown,
  PreviewMarkdownInput,
  replies,
  UpdateArticleInput,
  UpdateCollectionInput,
  UploadArticleImageInput,
} from "@switchboard/api";
import { suggestFor } from "../../ai/copilot";
import { INLINE_SAFE_TYPES } from "../../commands/attachments";
import { addArticleImage } from "../../commands/kbImages";
import * as kb from "../../commands/knowledge";
import type { Executor } from "../../db/connect";
import { notFound } from "../../domain/errors";
import { renderMarkdown } from "../../html/markdown";
import {
  AGENT_IMAGE_PATH,
  type ArticleRow,
  articleImage,
  formerSlugs,
  getArticle,
  listArticles,
  listCollections,
  listRevisions,
  type SearchHit,
  searchArticles,
} from "../../queries/knowledge";
import { staffOf } from "../../queries/scope";
import { workspaceDomain } from "../../queries/workspaceDomain";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

/** The help center's URL of an article, or null when the public cannot see it. */
export const helpUrlOf =
  (domain: string) =>
  (a: { slug: string; status: string; visibility: string }): string | null =>
    a.status === "published" && a.visibility === "public" ? `/help/${domain}/articles/${a.slug}` : null;

const presentSummary = (
  a: ArticleRow & Partial<Pick<SearchHit, "rank" | "highlight">>,
  domain: string,
): Presented<typeof KbArticleSummary> => ({
  id: a.id,
  title: a.title,
  slug: a.slug,
  collectionId: a.collectionId,
  status: a.status,
  visibility: a.visibility,
  accountTypes: a.accountTypes,
  revision: a.revision,
  updatedAt: a.updatedAt,
  publishedAt: a.publishedAt,
  helpUrl: helpUrlOf(domain)(a),
  ...(a.rank !== undefined && { rank: a.rank }),
  ...(a.highlight !== undefined && { highlight: a.highlight }),
});

export async function presentArticle(
  db: Executor,
  a: ArticleRow,
  domain: string,
): Promise<Presented<typeof KbArticle>> {
  return {
    ...presentSummary(a, domain),
    body: a.body,
    html: renderMarkdown(a.body),
    authorId: a.authorId,
    createdAt: a.createdAt,
    formerSlugs: await formerSlugs(db, a),
  };
}

export function knowledgeRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["knowledge"];
  const staff = (request: Parameters<typeof scopeOf>[0]) => staffOf(scopeOf(request));
  const domainOf = (workspaceId: string) => workspaceDomain(db(), workspaceId);
  const article = async (row: ArticleRow) => presentArticle(db(), row, await domainOf(row.workspaceId));

  app.get(
    "/kb/collections",
    { ...opts, schema: { tags, response: replies({ 200: items(KbCollection) }, ...LIST_ERRORS) } },
    async (request) => {
      const rows = await listCollections(db(), staff(request).workspaceId);
      return {
        items: rows.map((c) => ({
          id: c.id,
          name: c.name,
          slug: c.slug,
          description: c.description,
          position: c.position,
          articleCount: c.articleCount,
        })),
      };
    },
  );
  app.post(
    "/kb/collections",
    {
      ...opts,
      schema: { body: CreateCollectionInput, tags, response: replies({ 201: KbCollection }, ...WRITE_ERRORS) },
    },
    async (request, reply) => {
      const c = await command(request, (ctx) => kb.createCollection(ctx, request.body));
      reply.status(201);
      return { ...pickCollection(c), articleCount: 0 };
    },
  );
  app.patch(
    "/kb/collections/:id",
    {
      ...opts,
      schema: { params: IdParams, body: UpdateCollectionInput, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    },
    async (request) => {
      await command(request, (ctx) => kb.updateCollection(ctx, request.params.id, request.body));
      return { ok: true };
    },
  );
  app.delete(
    "/kb/collections/:id",
    { ...opts, schema: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) } },
    async (request) => {
      await command(request, (ctx) => kb.deleteCollection(ctx, request.params.id));
      return { ok: true };
    },
  );

  app.get(
    "/kb/articles",
    {
      ...opts,
      schema: {
        querystring: ArticleListQuery,
        tags,
        response: replies({ 200: items(KbArticleSummary) }, ...LIST_ERRORS),
      },
    },
    async (request) => {
      const { workspaceId } = staff(request);
      const { q, ...filter } = request.query;
      const domain = await domainOf(workspaceId);
      const rows = q
        ? (await searchArticles(db(), workspaceId, q, { limit: filter.limit, audience: "agent" })).filter(
            (a) =>
              (!filter.collectionId || a.collectionId === filter.collectionId) &&
              (!filter.status || a.status === filter.status) &&
              (!filter.visibility || a.visibility === filter.visibility),
          )
        : await listArticles(db(), workspaceId, filter);
      return { items: rows.map((a) => presentSummary(a, domain)) };
    },
  );
  app.post(
    "/kb/articles",
    { ...opts, schema: { body: CreateArticleInput, tags, response: replies({ 201: KbArticle }, ...WRITE_ERRORS) } },
    async (request, reply) => {
      const row = await command(request, (ctx) => kb.createArticle(ctx, request.body));
      reply.status(201);
      return article(await getArticle(db(), row.workspaceId, row.id));
    },
  );
  app.get(
    "/kb/articles/:id",
    { ...opts, schema: { params: IdParams, tags, response: replies({ 200: KbArticle }, ...ITEM_ERRORS) } },
    async (request) => article(await getArticle(db(), staff(request).workspaceId, request.params.id)),
  );
  app.patch(
    "/kb/articles/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: UpdateArticleInput,
        tags,
        response: replies({ 200: KbArticle }, ...WRITE_ERRORS),
      },
    },
    async (request) => {
      const row = await command(request, (ctx) => kb.updateArticle(ctx, request.params.id, request.body));
      return article(await getArticle(db(), row.workspaceId, row.id));
    },
  );
  app.delete(
    "/kb/articles/:id",
    { ...opts, schema: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) } },
    async (request) => {
      await command(request, (ctx) => kb.deleteArticle(ctx, request.params.id));
      return { ok: true };
    },
  );
  app.get(
    "/kb/articles/:id/revisions",
    { ...opts, schema: { params: IdParams, tags, response: replies({ 200: items(KbRevision) }, ...ITEM_ERRORS) } },
    async (request) => {
      const { workspaceId } = staff(request);
      await getArticle(db(), workspaceId, request.params.id);
      const rows = await listRevisions(db(), workspaceId, request.params.id);
      return {
        items: rows.map((r) => ({
          revision: r.revision,
          title: r.title,
          body: r.body,
          status: r.status,
          visibility: r.visibility,
          accountTypes: r.accountTypes,
          authorId: r.authorId,
          createdAt: r.createdAt,
        })),
      };
    },
  );
  app.post(
    "/kb/preview",
    {
      ...opts,
      schema: { body: PreviewMarkdownInput, tags, response: replies({ 200: PreviewMarkdown }, ...LIST_ERRORS) },
    },
    async (request) => {
      staff(request);
      return { html: renderMarkdown(request.body.body) };
    },
  );
  const upload = async (
    request: Parameters<typeof command>[0],
    articleId: string | null,
    { filename, dataBase64 }: { filename: string; dataBase64: string },
  ) => {
    const image = await command(request, (ctx) =>
      addArticleImage(ctx, articleId, { filename, content: Buffer.from(dataBase64, "base64") }),
    );
    const url = `${AGENT_IMAGE_PATH}${image.id}`;
    const alt = image.filename.replace(/\.[a-z0-9]+$/i, "").replace(/[[\]]/g, "");
    return { ...image, url, markdown: `![${alt}](${url})` };
  };
  // The image travels as base64 in JSON: room for 2 MB of image past the app's 1 MB default.
  const imageBodyLimit = 3 * 1024 * 1024;
  app.post(
    "/kb/articles/:id/images",
    {
      ...opts,
      bodyLimit: imageBodyLimit,
      schema: {
        params: IdParams,
        body: UploadArticleImageInput,
        tags,
        response: replies({ 201: KbImage }, ...WRITE_ERRORS),
      },
    },
    async (request, reply) => {
      const image = await upload(request, request.params.id, request.body);
      reply.status(201);
      return image;
    },
  );
  // An image for an article not saved yet: it waits, and the save attaches it when the body shows it.
  app.post(
    "/kb/images",
    {
      ...opts,
      bodyLimit: imageBodyLimit,
      schema: { body: UploadArticleImageInput, tags, response: replies({ 201: KbImage }, ...WRITE_ERRORS) },
    },
    async (request, reply) => {
      const image = await upload(request, null, request.body);
      reply.status(201);
      return image;
    },
  );
  app.get(
    "/kb/images/:id",
    { ...opts, schema: { params: IdParams, tags, response: { 200: AttachmentFile, ...replies({}, ...ITEM_ERRORS) } } },
    async (request, reply) => {
      const row = await articleImage(db(), staff(request).workspaceId, request.params.id, "agent");
      if (!row || !INLINE_SAFE_TYPES.has(row.contentType)) throw notFound("Image");
      return reply
        .header("content-type", row.contentType)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, max-age=3600")
        .send(Buffer.from(row.contentBase64, "base64"));
    },
  );
  app.get(
    "/issues/:number/kb/suggestions",
    {
      ...opts,
      schema: {
        params: CopilotParams,
        querystring: IssueSuggestionsQuery,
        tags,
        response: replies({ 200: items(KbArticleSummary) }, ...ITEM_ERRORS),
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const { workspaceId } = staffOf(scope);
      const domain = await domainOf(workspaceId);
      const { q } = request.query;
      const rows = q
        ? await searchArticles(db(), workspaceId, q, { limit: 8, audience: "agent", publishedOnly: true })
        : await suggestFor(db(), scope, request.params.number, 5);
      return { items: rows.map((a) => presentSummary(a, domain)) };
    },
  );
}

const pickCollection = (c: { id: string; name: string; slug: string; description: string; position: number }) => ({
  id: c.id,
  name: c.name,
  slug: c.slug,
  description: c.description,
  position: c.position,
});
