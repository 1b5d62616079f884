// Server state for views: the list, live open counts, and a view's issues (optionally one state).
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createView, deleteView, listViewIssues, listViews, updateView, viewCounts } from "../../api/client";
import type { IssueState, View, ViewInput, ViewPatch } from "../../api/types";

export const useViews = () =>
  useQuery({ queryKey: ["views", "list"], queryFn: ({ signal }) => listViews(signal), select: (d) => d.items });

/** Each view's open count as shown: "1000+" where the server stopped counting at its cap. */
export const useViewCounts = () =>
  useQuery({
    queryKey: ["views", "counts"],
    queryFn: ({ signal }) => viewCounts(signal),
    select: (d): Record<string, string> =>
      Object.fromEntries(Object.entries(d.counts).map(([id, n]) => [id, d.more.includes(id) ? `${n}+` : String(n)])),
  });

/** `closedSince`: only what was closed since then (the board's "Closed today"). */
export function useViewIssues(viewId: string, state: IssueState | "all", limit = 50, closedSince?: string) {
  return useInfiniteQuery({
    queryKey: ["views", viewId, "issues", state, closedSince],
    queryFn: ({ pageParam, signal }) =>
      listViewIssues(
        viewId,
        { state: state === "all" ? undefined : state, limit, cursor: pageParam, closedSince },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useSaveView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: ViewInput }): Promise<View> => {
      if (!id) return createView(input);
      const { ownerType: _owner, ownerTeamId: _team, ...patch } = input;
      return updateView(id, patch satisfies ViewPatch);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["views"] }),
  });
}

export function useDeleteView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteView(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["views"] }),
  });
}
