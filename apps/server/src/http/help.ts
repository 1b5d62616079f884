// The public help center, server-rendered: /help/<workspace domain>/… with collections, articles
// (a former slug answers 301 to the current one, so a URL once shared never breaks), search with
// highlighted passages, a JSON search for the widget and portal, and a sitemap. Only published,
// public articles ever appear here.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { customerOfToken } from "../channels/widget/conversations";
import { renderMarkdown } from "../html/markdown";
import {
  type Audience,
  articleBySlug,
  articleImage,
  collectionOf,
  helpImages,
  listArticles,
  listCollections,
  onlyWorkspace,
  portalArticlePath,
  searchArticles,
  searchForCustomer,
  sitemapEntries,
  sitemapStamp,
  workspaceByDomain,
} from "../queries/knowledge";
import { customerScope } from "../queries/scope";
import { workspaceDomain } from "../queries/workspaceDomain";
import type { Services } from "../services";
import { helpPage, type Site } from "./helpPages";
import { portalHelpRoutes } from "./helpPortal";

const Domain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9.-]+$/i);
const SlugParam = z.string().max(200);
const SearchQuery = z.strictObject({ q: z.string().trim().max(300).default(""), site: Domain.optional() });
const hidden = { hide: true } as const;
const PUBLIC: Audience = "public";
const CustomerSearchQuery = z.strictObject({ q: z.string().trim().max(300).default("") });
/** The widget's session token (the portal's session joins it when the portal ships). */
const WIDGET_TOKEN_HEADER = "x-widget-token";

/** Rendered sitemaps kept per workspace and origin, most recently used last. */
const SITEMAPS_KEPT = 200;

export function helpCenter(services: Services) {
  const db = () => services.database.db;
  // A sitemap at 10,000 articles takes hundreds of milliseconds to read and render; it is rebuilt
  // only when its stamp (count and latest change of the public articles) moves.
  const sitemaps = new Map<string, { stamp: string; xml: string; etag: string }>();
  const remember = (key: string, entry: { stamp: string; xml: string; etag: string }) => {
    sitemaps.delete(key);
    sitemaps.set(key, entry);
    const oldest = sitemaps.keys().next().value;
    if (sitemaps.size > SITEMAPS_KEPT && oldest !== undefined) sitemaps.delete(oldest);
  };
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    portalHelpRoutes(root, services);
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

    // The customer variant: the caller proves who they are (a widget session), and the search
    // adds the articles meant for their account's type; the audience is read, never sent.
    app.get(
      "/help/api/customer/search",
      { schema: { ...hidden, querystring: CustomerSearchQuery } },
      async (request, reply) => {
        reply.header("access-control-allow-origin", "*");
        const header = request.headers[WIDGET_TOKEN_HEADER];
        const customer = await customerOfToken(services, typeof header === "string" ? header.trim() : undefined);
        const { workspaceId } = customer.session;
        const domain = await workspaceDomain(db(), workspaceId);
        const base = `/help/${domain}`;
        const q = request.query.q;
        const hits = !q
          ? []
          : customer.contact
            ? await searchForCustomer(db(), customerScope(workspaceId, customer.contact), q, 10)
            : await searchArticles(db(), workspaceId, q, { limit: 10, audience: PUBLIC });
        return {
          // The widget's "Help center" link: it knows the session, not the workspace's domain.
          helpCenter: base,
          items: hits.map((h) => ({
            id: h.id,
            title: h.title,
            // Articles for account types are not on the public help center: they are read in the portal.
            url: h.visibility === "public" ? `${base}/articles/${h.slug}` : portalArticlePath(domain, h.slug),
            highlight: h.highlight,
            rank: h.rank,
          })),
        };
      },
    );

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
          .send(helpPage.article(s, found.article, renderMarkdown(helpImages(found.article.body, s.base)), collection));
      },
    );

    // Images of published public articles only; a draft's or an internal article's image is a 404.
    app.get(
      "/help/:domain/images/:id",
      { schema: { ...hidden, params: z.object({ domain: Domain, id: z.uuid() }) } },
      async (request, reply) => {
        const s = await site(request.params.domain);
        const image = s ? await articleImage(db(), s.workspaceId, request.params.id, "public") : null;
        if (!s || !image) return notFound(reply, s);
        return reply
          .type(image.contentType)
          .header("x-content-type-options", "nosniff")
          .header("cache-control", "public, max-age=3600")
          .send(Buffer.from(image.contentBase64, "base64"));
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
        const stamp = await sitemapStamp(db(), s.workspaceId);
        const key = `${s.workspaceId} ${origin}`;
        let cached = sitemaps.get(key);
        if (cached?.stamp !== stamp) {
          const articles = await sitemapEntries(db(), s.workspaceId);
          cached = {
            stamp,
            xml: helpPage.sitemap(origin, s, articles),
            etag: `"${createHash("sha1").update(`${origin} ${stamp}`).digest("base64url")}"`,
          };
          remember(key, cached);
        }
        reply.header("etag", cached.etag).header("cache-control", "public, max-age=300");
        if (request.headers["if-none-match"] === cached.etag) return reply.status(304).send();
        return reply.type("application/xml").send(cached.xml);
      },
    );

    // Anything else under /help is a help-center 404, not the agent app.
    app.get("/help/*", { schema: hidden }, async (_request, reply) => notFound(reply, null));
  };
}
