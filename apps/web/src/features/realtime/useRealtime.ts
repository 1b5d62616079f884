// Keeps the cache honest: a change notice invalidates the queries it touches, so screens
// refetch through the API (where permissions are checked). Notices are batched briefly and
// held while an optimistic mutation is in flight, so a refetch never undoes it mid-air.
import { type QueryClient, type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { recordPresence } from "./presence";
import { type ChangeNotice, connect, disconnect, subscribe } from "./socket";

const BATCH_MS = 120;

export function keysFor(notice: ChangeNotice): QueryKey[] {
  switch (notice.kind) {
    case "issue":
    case "message":
      return [...(notice.issueNumber ? [["issue", notice.issueNumber]] : []), ["views"], ["issues"]];
    case "account":
      return [["account", notice.id], ["issues"], ["views"]];
    case "view":
      return [["views"]];
    case "broadcast":
      return [["broadcasts"]];
    case "settings":
      return notice.action.startsWith("notification:") ? [["notifications"]] : [["directory"], ["macros"], ["views"]];
  }
}

function batcher(queryClient: QueryClient) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (queryClient.isMutating() > 0) {
      timer = setTimeout(flush, BATCH_MS * 3);
      return;
    }
    for (const key of pending.values()) void queryClient.invalidateQueries({ queryKey: key });
    pending.clear();
  };
  return (keys: QueryKey[]) => {
    for (const key of keys) pending.set(JSON.stringify(key), key);
    if (timer === undefined) timer = setTimeout(flush, BATCH_MS);
  };
}

export function useRealtime(selfId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const enqueue = batcher(queryClient);
    let greeted = false;
    const unsubscribe = subscribe({
      // A reconnect may have missed notices: refetch whatever is on screen.
      onHello: () => {
        if (greeted) void queryClient.invalidateQueries();
        greeted = true;
      },
      onChange: (notice) => enqueue(keysFor(notice)),
      onPresence: (frame) => {
        if (frame.userId !== selfId) recordPresence(frame);
      },
    });
    connect();
    return () => {
      unsubscribe();
      disconnect();
    };
  }, [queryClient, selfId]);
}
