// Optimistic edits of an issue across every cached copy: its own page, each view's list or
// kanban column, search results. A state change moves the card between state-filtered columns.
import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import type { Issue, IssueState, Page, Priority, View } from "../../api/types";

export type IssuePages = InfiniteData<Page<Issue>>;
export type Snapshot = [QueryKey, unknown][];

const RANK: Record<Priority, number> = { urgent: 0, high: 1, medium: 2, low: 3, none: 4 };

export const byPriorityThenAge = (a: Issue, b: Issue) =>
  RANK[a.priority] - RANK[b.priority] || Date.parse(a.createdAt) - Date.parse(b.createdAt);

export function isIssuePages(data: unknown): data is IssuePages {
  return typeof data === "object" && data !== null && "pages" in data && Array.isArray(data.pages);
}

/** Every cached copy the edit touches, to restore if the server says no. */
export function snapshot(queryClient: QueryClient, number: number): Snapshot {
  return [
    ...queryClient.getQueriesData({ queryKey: ["views"] }),
    ...queryClient.getQueriesData({ queryKey: ["issues"] }),
    ...queryClient.getQueriesData({ queryKey: ["issue", number], exact: true }),
  ];
}

export function restore(queryClient: QueryClient, saved: Snapshot) {
  for (const [key, data] of saved) queryClient.setQueryData(key, data);
}

/** Writes `next` into every cached copy of the issue. */
export function writeIssue(queryClient: QueryClient, next: Issue) {
  queryClient.setQueryData<Issue>(["issue", next.number], (old) => (old ? { ...old, ...next } : old));
  const views = queryClient.getQueryData<{ items: View[] }>(["views", "list"])?.items ?? [];
  for (const [key, data] of queryClient.getQueriesData({ queryKey: ["views"] })) {
    if (!isIssuePages(data)) continue;
    const column = key[3];
    const view = views.find((v) => v.id === key[1]);
    queryClient.setQueryData(key, placeIn(data, next, isState(column) ? column : null, view?.sort === "priority"));
  }
  for (const [key, data] of queryClient.getQueriesData({ queryKey: ["issues"] })) {
    if (isIssuePages(data)) queryClient.setQueryData(key, placeIn(data, next, null, false));
  }
}

const isState = (value: unknown): value is IssueState => typeof value === "string" && value !== "all";

function placeIn(data: IssuePages, next: Issue, column: IssueState | null, prioritySorted: boolean): IssuePages {
  const present = data.pages.some((page) => page.items.some((i) => i.id === next.id));
  if (column === null || (present && next.state === column)) {
    return mapItems(data, (items) => items.map((i) => (i.id === next.id ? { ...i, ...next } : i)));
  }
  if (present) return mapItems(data, (items) => items.filter((i) => i.id !== next.id));
  if (next.state !== column || data.pages.length === 0) return data;
  // Moved into this column: put it where the server would (first page is enough for a card).
  const [first, ...rest] = data.pages;
  if (!first) return data;
  const items = [next, ...first.items];
  if (prioritySorted) items.sort(byPriorityThenAge);
  return { ...data, pages: [{ ...first, items }, ...rest] };
}

function mapItems(data: IssuePages, fn: (items: Issue[]) => Issue[]): IssuePages {
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: fn(page.items) })) };
}

/** The issue as last seen in any cache: the kanban and palette act on cards, not pages. */
export function findIssue(queryClient: QueryClient, number: number): Issue | undefined {
  const own = queryClient.getQueryData<Issue>(["issue", number]);
  if (own) return own;
  for (const [, data] of [
    ...queryClient.getQueriesData({ queryKey: ["views"] }),
    ...queryClient.getQueriesData({ queryKey: ["issues"] }),
  ]) {
    if (!isIssuePages(data)) continue;
    for (const page of data.pages) {
      const hit = page.items.find((i) => i.number === number);
      if (hit) return hit;
    }
  }
  return undefined;
}
