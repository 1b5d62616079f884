// Shortcuts that act on one issue — the open one, or the selected row/card in a list.
import { useLocation } from "wouter";
import type { Priority } from "../../api/types";
import { showToast } from "../../ui/toasts";
import { useCanWrite } from "../auth/useCanWrite";
import { useHotkeys } from "../shortcuts/hotkeys";
import { type ComposerMode, openPalette, requestComposer } from "./focus";
import { useIssueActions } from "./useIssueActions";

const BY_DIGIT: Record<string, Priority> = { "1": "urgent", "2": "high", "3": "medium", "4": "low" };

export function useIssueHotkeys(number: number | null) {
  const actions = useIssueActions();
  const write = useCanWrite();
  const [location, navigate] = useLocation();
  const compose = (mode: ComposerMode) => {
    if (number === null) return;
    requestComposer(mode);
    const path = `/issues/${number}`;
    if (location !== path) navigate(path);
  };
  const priority = (digit: string) => () => {
    const p = BY_DIGIT[digit];
    if (number !== null && p) actions.setPriority(number, p);
  };
  const bindings = {
    a: () => number !== null && actions.assignToMe(number),
    e: () => number !== null && actions.close(number),
    p: () => openPalette("priority"),
    m: () => openPalette("macro"),
    r: () => compose("public"),
    n: () => compose("internal"),
    "1": priority("1"),
    "2": priority("2"),
    "3": priority("3"),
    "4": priority("4"),
  };
  // A viewer's keys that would change the issue say why nothing happens.
  const explain = () => write.reason && showToast(write.reason);
  useHotkeys(
    write.can ? bindings : Object.fromEntries(Object.keys(bindings).map((key) => [key, explain])),
    number !== null,
  );
}
