// Rows and cards are real links (/issues/:number): a plain click opens the issue in the app,
// a modified or middle click and the context menu (open in new tab, copy link) stay the
// browser's, and shift-click selects a range for a bulk change.
import type { MouseEvent } from "react";
import { useLocation } from "wouter";
import { onBulkClick } from "../bulk/useBulkSelection";

export const issuePath = (number: number) => `/issues/${number}`;

export function useIssueLinkClick(ordered: readonly number[]) {
  const [, navigate] = useLocation();
  return (event: MouseEvent, number: number) => {
    if (onBulkClick(event, ordered, number)) return;
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.altKey) return;
    event.preventDefault();
    navigate(issuePath(number));
  };
}
