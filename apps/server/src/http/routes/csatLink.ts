// /csat: the one-click links of CSAT emails. A click records the rating (a second click within
// 24 hours changes it) and answers a small page that thanks the customer and offers a comment.

import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { escapeHtml } from "../../channels/email/quoted";
import { runCommand } from "../../commands/context";
import { recordCsat } from "../../commands/csat";
import { readCsatToken } from "../../domain/csatLink";
import { AppError } from "../../domain/errors";
import { loadIssueById } from "../../queries/csat";
import type { Services } from "../../services";

const Query = z.object({
  t: z.string().max(2000),
  score: z.coerce.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
});

export function csatLinkRoutes(services: Services) {
  return async function csatLinks(plain: FastifyInstance) {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get("/csat", { schema: { hide: true, querystring: Query } }, async (request, reply) => {
      const { t, score, comment } = request.query;
      reply.type("text/html; charset=utf-8");
      try {
        const claims = readCsatToken(services.secrets, t, services.now?.() ?? new Date());
        const issue = await loadIssueById(services.database.db, claims.workspaceId, claims.issueId);
        if (!issue) throw new AppError("not_found", "This request no longer exists.");
        const actor = issue.requesterContactId
          ? ({ type: "contact", contactId: issue.requesterContactId, accountId: issue.accountId } as const)
          : ({ type: "system", name: "csat link" } as const);
        await runCommand(services, { workspaceId: claims.workspaceId, actor }, (ctx) =>
          recordCsat(ctx, issue.id, { score, comment, channel: "email", resolution: claims.resolution }),
        );
        return page(
          "Thank you!",
          `You rated us ${score} of 5.`,
          comment === undefined
            ? `<form method="get" action="/csat"><input type="hidden" name="t" value="${escapeHtml(t)}"><input type="hidden" name="score" value="${score}"><label for="comment">Anything to add? (optional)</label><textarea id="comment" name="comment" rows="4"></textarea><button type="submit">Send comment</button></form>`
            : "<p>Your comment reached the team.</p>",
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        reply.status(error.code === "invalid_signature" ? 401 : error.code === "not_found" ? 404 : 409);
        return page("We could not record that", escapeHtml(error.message), "");
      }
    });
  };
}

function page(title: string, lead: string, extra: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:16px system-ui,sans-serif;max-width:480px;margin:48px auto;padding:0 16px;color:#111827}h1{font-size:22px}textarea{width:100%;margin:8px 0;font:inherit}button{background:#4f46e5;color:#fff;border:0;border-radius:8px;padding:8px 16px;font:inherit}</style>
</head><body><h1>${title}</h1><p>${lead}</p>${extra}</body></html>`;
}
