// The customer portal's entry (portal.html, the web build's second entry), served at /portal/<domain>.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Router } from "wouter";
import { portalBase } from "./api";
import { PortalApp } from "./PortalApp";
import "../styles.css";
import "./portal.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (count, error) =>
        count < 2 && !("status" in error && Number(error.status) < 500 && Number(error.status) > 0),
    },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("portal.html is missing #root");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Router base={portalBase()}>
        <PortalApp />
      </Router>
    </QueryClientProvider>
  </StrictMode>,
);
