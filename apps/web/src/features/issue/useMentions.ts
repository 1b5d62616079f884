// @mention autocomplete for the composer: finds the "@partial" before the caret, offers matching
// colleagues, and inserts a handle the server recognises (first.last, see domain/mentions.ts).
import { type KeyboardEvent, type RefObject, useState } from "react";
import { flushSync } from "react-dom";
import type { Person } from "../../api/types";

const AT_CARET = /(^|\s)@([\w.-]*)$/;

export const handleOf = (person: Person) => person.name.toLowerCase().split(/\s+/).filter(Boolean).join(".");

export function useMentions(
  textarea: RefObject<HTMLTextAreaElement | null>,
  text: string,
  setText: (text: string) => void,
  people: Person[],
) {
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const q = (query ?? "").toLowerCase();
  const matches =
    query === null
      ? []
      : people
          .filter((p) => !p.deactivated)
          .filter(
            (p) => p.name.toLowerCase().includes(q) || p.email.toLowerCase().startsWith(q) || handleOf(p).startsWith(q),
          )
          .slice(0, 6);

  /** Call after every change or caret move. */
  const track = () => {
    const el = textarea.current;
    if (!el) return;
    const match = AT_CARET.exec(el.value.slice(0, el.selectionStart));
    setQuery(match ? (match[2] ?? "") : null);
    setActive(0);
  };

  const choose = (person: Person) => {
    const el = textarea.current;
    if (!el) return;
    const caret = el.selectionStart;
    const before = text.slice(0, caret).replace(/@([\w.-]*)$/, `@${handleOf(person)} `);
    const next = before + text.slice(caret);
    // The caret goes after the handle in the same task: set a frame later, it moved keys typed in
    // between (a fast typist's first letter landed after the rest of the word).
    flushSync(() => {
      setText(next);
      setQuery(null);
    });
    el.focus();
    el.setSelectionRange(before.length, before.length);
  };

  /** Returns true when the key was used by the menu. */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (matches.length === 0) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + matches.length) % matches.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      const person = matches[active];
      if (person) choose(person);
    } else if (event.key === "Escape") {
      setQuery(null);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  };

  return { matches, active, track, choose, onKeyDown };
}
