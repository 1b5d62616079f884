// After a person sends a reply: a toast with Undo for as long as the server holds it back
// (the workspace's undo window). Undo takes the reply back on the server, before delivery
// starts, and returns its text to that issue's composer (and to the server-side draft).
import type { QueryClient } from "@tanstack/react-query";
import type { Message } from "../../api/types";
import { createStore } from "../../ui/store";
import { showError, showToast } from "../../ui/toasts";
import { type ComposerMode, requestComposer } from "../issue/focus";
import { saveDraft, undoSend } from "./api";

/** Text to put back in an issue's composer (a reply taken back). */
export const restoreRequest = createStore<{ number: number; body: string; mode: ComposerMode } | null>(null);

export function offerUndo(
  number: number,
  message: Message,
  queryClient: QueryClient,
  navigate: (path: string) => void,
) {
  if (!message.deliverAfter) return;
  const ms = Date.parse(message.deliverAfter) - Date.now();
  if (ms <= 0) return;
  const seconds = Math.max(1, Math.round(ms / 1000));
  showToast(`Reply to #${number} goes out in ${seconds} s`, "info", ms, {
    label: "Undo",
    run: async () => {
      try {
        const withdrawn = await undoSend(message.id);
        await saveDraft(withdrawn.issueNumber, withdrawn.visibility, withdrawn.body);
        restoreRequest.set({ number, body: withdrawn.body, mode: withdrawn.visibility });
        requestComposer(withdrawn.visibility);
        navigate(`/issues/${number}`);
        showToast(`Reply to #${number} taken back: it was not sent.`);
      } catch (error) {
        showError(`Could not take back the reply to #${number}`, error);
      } finally {
        void queryClient.invalidateQueries({ queryKey: ["issue", number] });
        void queryClient.invalidateQueries({ queryKey: ["views"] });
        void queryClient.invalidateQueries({ queryKey: ["drafts"] });
        void queryClient.invalidateQueries({ queryKey: ["draft", number] });
      }
    },
  });
}
