// An article read in the portal: the public ones and those meant for the customer's account type
// (which have no public help-center page). The server decides who reads what; a former slug shows
// the article and the address moves to its current one.
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useLocation } from "wouter";
import { PortalError, portalApi } from "./api";

export function HelpArticlePage({ slug, helpUrl }: { slug: string; helpUrl: string }) {
  const [, navigate] = useLocation();
  const article = useQuery({ queryKey: ["portal", "article", slug], queryFn: () => portalApi.article(slug) });
  const current = article.data?.slug;
  useEffect(() => {
    if (current && current !== slug) navigate(`/help/${current}`, { replace: true });
  }, [current, slug, navigate]);

  if (article.isPending) return <p className="portal-muted">Loading…</p>;
  if (article.isError) {
    const missing = article.error instanceof PortalError && article.error.status === 404;
    return (
      <section className="portal-card">
        <h1>{missing ? "Article not found" : "This article did not load"}</h1>
        <p className={missing ? "portal-muted" : "portal-error"}>
          {missing ? "It does not exist, or it is not available to your account." : article.error.message}
        </p>
        <Link href="/">Back to requests</Link> · <a href={helpUrl}>Browse the help center</a>
      </section>
    );
  }
  const a = article.data;
  return (
    <article className="portal-card portal-article" aria-label={a.title}>
      <Link href="/" className="portal-back">
        ← Requests
      </Link>
      <h1>{a.title}</h1>
      <p className="portal-muted">
        {a.collection && <>{a.collection} · </>}Updated {new Date(a.updatedAt).toLocaleDateString()}
        {!a.helpUrl && <> · For your account</>}
      </p>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitised by the server (html/markdown.ts) */}
      <div className="portal-article-body" dangerouslySetInnerHTML={{ __html: a.html }} />
    </article>
  );
}
