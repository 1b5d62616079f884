// The composer's draft, kept on the server per issue and person: loaded when the issue opens
// (from this or another device), saved a moment after typing stops and when leaving the issue.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { ComposerMode } from "../issue/focus";
import { getDraft, listDrafts, saveDraft } from "./api";

const SAVE_AFTER_MS = 500;

export const useMyDrafts = () =>
  useQuery({
    queryKey: ["drafts"],
    queryFn: ({ signal }) => listDrafts(signal),
    select: (d) => new Set(d.items.map((i) => i.issueNumber)),
    staleTime: 30_000,
  });

export function useDraft(
  number: number,
  text: string,
  mode: ComposerMode,
  restore: (body: string, mode: ComposerMode) => void,
) {
  const queryClient = useQueryClient();
  const draft = useQuery({ queryKey: ["draft", number], queryFn: ({ signal }) => getDraft(number, signal) });
  // What the server holds, so an unchanged text is never written back.
  const saved = useRef<string | null>(null);
  const restored = useRef(false);
  const latest = useRef({ text, mode });
  latest.current = { text, mode };

  useEffect(() => {
    if (restored.current || !draft.isSuccess) return;
    restored.current = true;
    const body = draft.data.draft?.body ?? "";
    saved.current = body;
    if (body && !latest.current.text) restore(body, draft.data.draft?.visibility ?? "public");
  }, [draft.isSuccess, draft.data, restore]);

  const flush = () => {
    const { text: body, mode: visibility } = latest.current;
    if (!restored.current || body === saved.current) return;
    saved.current = body;
    saveDraft(number, visibility, body).then(
      (result) => {
        queryClient.setQueryData(["draft", number], result);
        void queryClient.invalidateQueries({ queryKey: ["drafts"] });
      },
      // A draft that did not save is still in the box; the next keystroke tries again.
      () => {
        saved.current = null;
      },
    );
  };

  useEffect(() => {
    const timer = setTimeout(flush, SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  });
  // Leaving the issue saves what was typed since the last save.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once on unmount with the latest text
  useEffect(() => () => flush(), []);

  /** After sending: the server dropped the draft with the message. */
  const sent = () => {
    // The composer may unmount before it re-renders empty (reply-and-next): nothing left to save.
    latest.current = { text: "", mode: latest.current.mode };
    saved.current = "";
    queryClient.setQueryData(["draft", number], { draft: null });
    void queryClient.invalidateQueries({ queryKey: ["drafts"] });
  };
  return { sent };
}
