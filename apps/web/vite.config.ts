// Vite build and dev server for the agent web app. In dev, API, webhook, health and websocket
// traffic goes to the Switchboard server so the app runs same-origin, exactly as in production.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const server = "http://127.0.0.1:3000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Two pages: the agent app, and the customer portal (served at /portal/<domain>).
    rollupOptions: { input: { main: "index.html", portal: "portal.html" } },
  },
  server: {
    proxy: {
      "/api": server,
      "/hooks": server,
      "/portal/api": server,
      "/help": server,
      "/healthz": server,
      "/ws": { target: server, ws: true },
    },
  },
});
