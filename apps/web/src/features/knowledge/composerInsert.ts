// The knowledge panel writes into the composer: a link inserted at the cursor, or a
// copilot draft replacing the text. The composer applies the request (useComposerInsert).
import { type RefObject, useEffect } from "react";
import { createStore, useStore } from "../../ui/store";

type InsertRequest = { number: number; text: string; replace: boolean };
const insertRequest = createStore<InsertRequest | null>(null);

export const insertIntoComposer = (number: number, text: string) => insertRequest.set({ number, text, replace: false });
export const replaceComposer = (number: number, text: string) => insertRequest.set({ number, text, replace: true });

/** A markdown link to an article the customer can open (the help center's absolute URL). */
export const articleLink = (title: string, helpUrl: string) => `[${title}](${window.location.origin}${helpUrl})`;

export function useComposerInsert(
  number: number,
  textarea: RefObject<HTMLTextAreaElement | null>,
  text: string,
  setText: (text: string) => void,
) {
  const request = useStore(insertRequest);
  useEffect(() => {
    if (request?.number !== number) return;
    insertRequest.set(null);
    const el = textarea.current;
    if (request.replace || !el) {
      setText(request.text);
      return;
    }
    const start = el.selectionStart ?? text.length;
    const end = el.selectionEnd ?? text.length;
    const before = text.slice(0, start);
    const pad = before && !/\s$/.test(before) ? " " : "";
    const next = `${before}${pad}${request.text}${text.slice(end)}`;
    setText(next);
    const caret = before.length + pad.length + request.text.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(caret, caret);
    });
  }, [request, number, textarea, text, setText]);
}
