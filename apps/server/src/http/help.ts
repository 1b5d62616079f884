// The public help center, server-rendered: /help/<workspace domain>/… with collections, articles
// (a former slug answers 301 to the current one, so a URL once shared never breaks), search with
// highlighted passages, a JSON search for the widget and portal, and a sitemap. Only published,
// public articles ever appear here.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { renderMarkdown } from "../html/markdown";
import {
  articleBySlug,
  collectionOf,
  listArticles,
  listCollections,
  onlyWorkspace,
  searchArticles,
  workspaceByDomain,
} from "../queries/knowledge";
import type { Services } from "../services";
import { helpPage, type Site } from "./helpPages";

const Domain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9.-]+$/i);
const SlugParam = z.string().max(200);
const SearchQuery = z.strictObject({ q: z.string().trim().max(300).default(""), site: Domain.optional() });
const hidden = { hide: true } as const;

export function helpCenter(services: Services) {
  const db = () => services.database.db;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const site = async (domain: string): Promise<Site | null> => {
      const ws = await workspaceByDomain(db(), domain);
      return ws ? { workspaceId: ws.id, name: ws.name, base: `/help/${ws.domain}` } : null;
    };
    const notFound = (reply: FastifyReply, s: Site | null) =>
      reply.status(404).type("text/html").send(helpPage.notFound(s));

    app.get("/help", { schema: hidden }, async (_request, reply) => {
      const only = await onlyWorkspace(db());
      if (only) return reply.redirect(`/help/${only.domain}`);
      return notFound(reply, null);
    });

    app.get("/help/api/search", { schema: { ...hidden, querystring: SearchQuery } }, async (request, reply) => {
      const domain = request.query.site ?? (await onlyWorkspace(db()))?.domain;
      const s = domain ? await site(domain) : null;
      if (!s)
        return reply.status(404).send({ error: { code: "not_found", message: "No such help center", details: null } });
      const hits = request.query.q
        ? await searchArticles(db(), s.workspaceId, request.query.q, { limit: 10, audience: "public" })
        : [];
      return {
        items: hits.map((h) => ({
          id: h.id,
          title: h.title,
          url: `${s.base}/articles/${h.slug}`,
          highlight: h.highlight,
          rank: h.rank,
        })),
      };
    });

    app.get(
      "/help/:domain",
      { schema: { ...hidden, params: z.object({ domain: Domain }) } },
      async (request, reply) => {
        const s = await site(request.params.domain);
        if (!s) return notFound(reply, null);
        const [collections, recent] = await Promise.all([
          listCollections(db(), s.workspaceId, "public"),
          listArticles(db(), s.workspaceId, { limit: 8 }, "public"),
        ]);
        return reply.type("text/html").send(helpPage.home(s, collections, recent));
      },
    );

    app.get(
      "/help/:domain/collections/:slug",
      { schema: { ...hidden, params: z.object({ domain: Domain, slug: SlugParam }) } },
      async (request, reply) => {
        const s = await site(request.params.domain);
        const collection = s
          ? (await listCollections(db(), s.workspaceId, "public")).find((c) => c.slug === request.params.slug)
          : undefined;
        if (!s || !collection) return notFound(reply, s);
        const articles = await listArticles(db(), s.workspaceId, { collectionId: collection.id, limit: 500 }, "public");
        return reply.type("text/html").send(helpPage.collection(s, collection, articles));
      },
    );

    app.get(
      "/help/:domain/articles/:slug",
      { schema: { ...hidden, params: z.object({ domain: Domain, slug: SlugParam }) } },
      async (request, reply) => {
        const s = await site(request.params.domain);
        const found = s ? await articleBySlug(db(), s.workspaceId, request.params.slug) : null;
        if (!s || !found) return notFound(reply, s);
        if (!found.current) return reply.redirect(`${s.base}/articles/${found.article.slug}`, 301);
        const { collectionId } = found.article;
        const collection = collectionId ? await collectionOf(db(), s.workspaceId, collectionId) : null;
        return reply
          .type("text/html")
          .header("cache-control", "public, max-age=60")
          .send(helpPage.article(s, found.article, renderMarkdown(found.article.body), collection));
      },
    );

    app.get(
      "/help/:domain/search",
      { schema: { ...hidden, params: z.object({ domain: Domain }), querystring: SearchQuery } },
      async (request, reply) => {
        const s = await site(request.params.domain);
        if (!s) return notFound(reply, null);
        const q = request.query.q;
        const hits = q ? await searchArticles(db(), s.workspaceId, q, { limit: 20, audience: "public" }) : [];
        return reply.type("text/html").send(helpPage.search(s, q, hits));
      },
    );

    app.get(
      "/help/:domain/sitemap.xml",
      { schema: { ...hidden, params: z.object({ domain: Domain }) } },
      async (request, reply) => {
        const s = await site(request.params.domain);
        if (!s) return notFound(reply, null);
        const origin = `${request.protocol}://${request.host}`;
        const articles = await listArticles(db(), s.workspaceId, { limit: 50_000 }, "public");
        return reply.type("application/xml").send(helpPage.sitemap(origin, s, articles));
      },
    );

    // Anything else under /help is a help-center 404, not the agent app.
    app.get("/help/*", { schema: hidden }, async (_request, reply) => notFound(reply, null));
  };
}
