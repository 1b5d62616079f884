// The customer APIs (/widget/api, /portal/api) live beside /api/v1, not under it: in the OpenAPI
// document their path items say so with their own `servers` entry (the document's server is /api/v1).

/** Paths served from the site root rather than /api/v1. */
const CUSTOMER_PREFIXES = ["/widget/api/", "/portal/api/"];

interface OpenApiDocument {
  paths?: object;
}

export function rootServedPaths<T extends OpenApiDocument>(document: T): T {
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]: [string, object]) => [
      path,
      CUSTOMER_PREFIXES.some((prefix) => path.startsWith(prefix))
        ? { ...item, servers: [{ url: "/", description: "the site root: customer API, beside /api/v1" }] }
        : item,
    ]),
  );
  return { ...document, paths };
}
