// Where the portal's page lives (apps/web/dist/portal.html, the web build's second entry), from
// this folder in the sources and from the compiled server alike (both sit three levels below apps/).
import path from "node:path";

export const PORTAL_HTML = path.resolve(import.meta.dirname, "../../../web/dist/portal.html");
