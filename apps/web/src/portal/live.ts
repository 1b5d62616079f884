// The portal's live socket (/portal/ws, the widget's approach with the portal session cookie):
// "issue N changed" re-fetches that issue and the lists through /portal/api; after every
// (re)connect everything is re-fetched, so nothing said while offline is missed.
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

export function connectPortalLive(queryClient: QueryClient): () => void {
  let socket: WebSocket | undefined;
  let stopped = false;
  let delay = 500;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connect = () => {
    if (stopped) return;
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${window.location.host}/portal/ws`);
    socket.onmessage = (event) => {
      const notice = JSON.parse(String(event.data)) as { kind?: string; number?: number };
      if (notice.kind === "hello" || notice.kind === "resync") {
        delay = 500;
        void queryClient.invalidateQueries({ queryKey: ["portal", "issue"] });
        void queryClient.invalidateQueries({ queryKey: ["portal", "issues"] });
      } else if (notice.kind === "conversation" && typeof notice.number === "number") {
        void queryClient.invalidateQueries({ queryKey: ["portal", "issue", notice.number] });
        void queryClient.invalidateQueries({ queryKey: ["portal", "issues"] });
      }
    };
    socket.onclose = (event) => {
      // 4401: the session is gone; the next API call shows the sign-in page.
      if (stopped || event.code === 4401) return;
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 15_000);
    };
  };
  connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    socket?.close();
  };
}

/** Keeps the signed-in portal live while mounted. */
export function usePortalLive(): void {
  const queryClient = useQueryClient();
  useEffect(() => connectPortalLive(queryClient), [queryClient]);
}
