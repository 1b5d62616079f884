// Entry point: one query client for all server state, then the app.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ApiError, forgetSession, isUnauthenticated } from "./api/client";
import { SESSION_KEY } from "./features/auth/useSession";
import "./styles.css";
import "./ui/ui.css";

// A 401 anywhere means the session ended (expired, logged out elsewhere): drop back to login.
const onError = (error: unknown) => {
  if (!isUnauthenticated(error)) return;
  forgetSession();
  queryClient.setQueryData(SESSION_KEY, null);
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // Client errors (4xx) will not fix themselves; only retry network and server failures.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html is missing #root");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
