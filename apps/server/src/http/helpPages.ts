// The help center's HTML: plain templates with every value escaped, one stylesheet inline (no
// extra request), a search box on every page. Article bodies arrive rendered and sanitised.
import type { ArticleRow, SearchHit } from "../queries/knowledge";

export interface Site {
  workspaceId: string;
  name: string;
  /** `/help/<domain>` */
  base: string;
}

interface CollectionLink {
  name: string;
  slug: string;
  description: string;
  articleCount: number;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2430;background:#f6f7fb}
a{color:#3b5bdb;text-decoration:none}a:hover{text-decoration:underline}
.hero{background:linear-gradient(135deg,#3b5bdb,#7048e8);color:#fff;padding:28px 20px 36px}
.hero .brand{max-width:880px;margin:0 auto 18px;font-weight:600;opacity:.95}.hero .brand a{color:#fff}
.hero h1{max-width:880px;margin:0 auto 14px;font-size:30px;line-height:1.25}
form.search{max-width:880px;margin:0 auto;display:flex;gap:8px}
form.search input{flex:1;font:inherit;padding:12px 16px;border-radius:10px;border:0;box-shadow:0 2px 10px rgba(0,0,0,.12)}
form.search button{font:inherit;padding:0 18px;border-radius:10px;border:0;background:#1f2430;color:#fff;cursor:pointer}
main{max-width:920px;margin:-14px auto 40px;padding:0 20px}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(16,24,40,.08);padding:22px 26px;margin-bottom:16px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:14px}
.grid .card{margin:0}.grid h2{font-size:18px;margin:0 0 4px}.muted{color:#667085;font-size:14px}
ul.list{list-style:none;margin:0;padding:0}ul.list li{padding:10px 0;border-bottom:1px solid #eef0f4}ul.list li:last-child{border:0}
mark{background:#fff3bf;padding:0 2px;border-radius:3px}
article h1{font-size:28px;margin:0 0 6px}article h2{margin-top:28px}article pre{background:#1f2430;color:#e9ecef;padding:14px;border-radius:8px;overflow:auto}
article code{background:#f1f3f5;padding:1px 5px;border-radius:4px}article pre code{background:none;padding:0}article img{max-width:100%}
article blockquote{margin:16px 0;padding:8px 14px;border-left:3px solid #4c6ef5;background:#f4f6ff;color:#364fc7}article blockquote p{margin:0}
.crumbs{font-size:14px;margin-bottom:10px}footer{text-align:center;color:#98a2b3;font-size:13px;padding:20px}
`;

function layout(site: Site | null, title: string, heading: string, body: string, q = "") {
  const search = site
    ? `<form class="search" action="${esc(site.base)}/search" role="search"><input name="q" type="search" value="${esc(q)}" placeholder="Search articles…" aria-label="Search articles"><button>Search</button></form>`
    : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>
<header class="hero"><div class="brand">${site ? `<a href="${esc(site.base)}">${esc(site.name)} Help Center</a>` : "Help Center"}</div>
<h1>${esc(heading)}</h1>${search}</header><main>${body}</main>
<footer>Powered by Switchboard</footer></body></html>`;
}

const articleItem = (site: Site, a: ArticleRow, extra = "") =>
  `<li><a href="${esc(site.base)}/articles/${esc(a.slug)}">${esc(a.title)}</a>${extra}</li>`;

export const helpPage = {
  home(site: Site, collections: CollectionLink[], recent: ArticleRow[]) {
    const cards = collections
      .filter((c) => c.articleCount > 0)
      .map(
        (c) =>
          `<a class="card" href="${esc(site.base)}/collections/${esc(c.slug)}"><h2>${esc(c.name)}</h2><div class="muted">${esc(c.description)}</div><div class="muted">${c.articleCount} article${c.articleCount === 1 ? "" : "s"}</div></a>`,
      )
      .join("");
    const latest = recent.length
      ? `<div class="card"><h2>Recently updated</h2><ul class="list">${recent.map((a) => articleItem(site, a)).join("")}</ul></div>`
      : `<div class="card"><p>No articles are published yet.</p></div>`;
    return layout(
      site,
      `${site.name} Help Center`,
      "How can we help?",
      `<div class="grid">${cards}</div><br>${latest}`,
    );
  },

  collection(site: Site, c: CollectionLink, articles: ArticleRow[]) {
    const list = articles.length
      ? `<ul class="list">${articles.map((a) => articleItem(site, a)).join("")}</ul>`
      : "<p>No articles here yet.</p>";
    return layout(
      site,
      `${c.name} · ${site.name} Help Center`,
      c.name,
      `<div class="card"><div class="crumbs"><a href="${esc(site.base)}">Home</a> › ${esc(c.name)}</div><p class="muted">${esc(c.description)}</p>${list}</div>`,
    );
  },

  article(site: Site, a: ArticleRow, html: string, c: CollectionLink | null) {
    const crumbs = `<div class="crumbs"><a href="${esc(site.base)}">Home</a>${c ? ` › <a href="${esc(site.base)}/collections/${esc(c.slug)}">${esc(c.name)}</a>` : ""}</div>`;
    const updated = a.updatedAt.toISOString().slice(0, 10);
    return layout(
      site,
      `${a.title} · ${site.name} Help Center`,
      a.title,
      `<div class="card"><article>${crumbs}<p class="muted">Updated ${updated}</p>${html}</article></div>`,
    );
  },

  search(site: Site, q: string, hits: SearchHit[]) {
    const body = !q
      ? "<p>Type a few words to search the help center.</p>"
      : hits.length
        ? `<ul class="list">${hits.map((h) => articleItem(site, h, `<div class="muted">${h.highlight}</div>`)).join("")}</ul>`
        : `<p>No articles match “${esc(q)}”. Try other words, or contact support.</p>`;
    return layout(
      site,
      `Search · ${site.name} Help Center`,
      q ? `Results for “${q}”` : "Search",
      `<div class="card">${body}</div>`,
      q,
    );
  },

  sitemap(origin: string, site: Site, articles: Pick<ArticleRow, "slug" | "updatedAt">[]) {
    const urls = articles
      .map(
        (a) =>
          `<url><loc>${esc(`${origin}${site.base}/articles/${a.slug}`)}</loc><lastmod>${a.updatedAt.toISOString()}</lastmod></url>`,
      )
      .join("");
    return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${esc(origin + site.base)}</loc></url>${urls}</urlset>`;
  },

  notFound(site: Site | null) {
    return layout(
      site,
      "Not found",
      "We couldn’t find that page",
      `<div class="card"><p>The page you asked for does not exist${site ? `. <a href="${esc(site.base)}">Back to the help center</a>` : ""}.</p></div>`,
    );
  },
};
