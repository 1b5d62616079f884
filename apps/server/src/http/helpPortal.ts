// Articles in the customer portal: a signed-in customer reads, at /portal/<domain>/help/<slug>,
// the public articles and those meant for their account's type (which have no public URL). The
// audience is read from the session's contact, never from the request; anything else — an
// internal article, another type's, another workspace's — is a 404, as if it did not exist.
import { IdParams, PortalHelpArticle, PortalHelpArticleParams, type Presented, replies } from "@switchboard/api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { customerOfToken } from "../channels/portal/login";
import { notFound } from "../domain/errors";
import { renderMarkdown } from "../html/markdown";
import { articleBySlug, articleImage, collectionOf, customerAudience, helpImages } from "../queries/knowledge";
import { portalScope } from "../queries/portal";
import { workspaceDomain } from "../queries/workspaceDomain";
import type { Services } from "../services";
import { PORTAL_COOKIE } from "./routes/portalCustomer";

/** Where the portal serves an article's images (the body's agent URLs are rewritten to it). */
const PORTAL_HELP_BASE = "/portal/api/help";

export function portalHelpRoutes(root: FastifyInstance, services: Services) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = () => services.database.db;
  const schema = { hide: true, tags: ["portal (customer)"] };
  /** The signed-in customer and what they may read. */
  const reader = async (request: FastifyRequest) => {
    const customer = await customerOfToken(services, request.cookies[PORTAL_COOKIE]);
    return { customer, audience: await customerAudience(db(), portalScope(customer)) };
  };

  app.get(
    "/portal/api/help/articles/:slug",
    {
      schema: {
        ...schema,
        params: PortalHelpArticleParams,
        response: replies({ 200: PortalHelpArticle }, 400, 401, 404),
      },
    },
    async (request) => {
      const { customer, audience } = await reader(request);
      const { workspaceId } = customer;
      const found = await articleBySlug(db(), workspaceId, request.params.slug, audience);
      if (!found) throw notFound("Article");
      const { article } = found;
      const [collection, domain] = await Promise.all([
        article.collectionId ? collectionOf(db(), workspaceId, article.collectionId) : null,
        workspaceDomain(db(), workspaceId),
      ]);
      return {
        id: article.id,
        title: article.title,
        slug: article.slug,
        html: renderMarkdown(helpImages(article.body, PORTAL_HELP_BASE)),
        collection: collection?.name ?? null,
        updatedAt: article.updatedAt,
        helpUrl: article.visibility === "public" ? `/help/${domain}/articles/${article.slug}` : null,
      } satisfies Presented<typeof PortalHelpArticle>;
    },
  );

  app.get("/portal/api/help/images/:id", { schema: { ...schema, params: IdParams } }, async (request, reply) => {
    const { customer, audience } = await reader(request);
    const image = await articleImage(db(), customer.workspaceId, request.params.id, audience);
    if (!image) throw notFound("Image");
    return reply
      .type(image.contentType)
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "private, max-age=3600")
      .send(Buffer.from(image.contentBase64, "base64"));
  });
}
