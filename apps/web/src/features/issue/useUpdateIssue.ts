// The one way the app edits an issue: optimistic everywhere it is shown, rolled back with a
// visible error when the server refuses (e.g. closing without a required field).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, updateIssue } from "../../api/client";
import type { Issue, IssuePatch } from "../../api/types";
import { showError } from "../../ui/toasts";
import { findIssue, restore, snapshot, writeIssue } from "./cache";
import { missingOnClose } from "./useIssue";

export type IssueUpdate = {
  number: number;
  patch: IssuePatch;
  /** Fields to show right away that the patch alone cannot name (e.g. the assignee's name). */
  optimistic?: Partial<Issue>;
  /** What the toast says failed, e.g. "Could not close #42". */
  label?: string;
};

function preview(patch: IssuePatch): Partial<Issue> {
  const out: Partial<Issue> = {};
  if (patch.title !== undefined) out.title = patch.title;
  if (patch.state !== undefined) out.state = patch.state;
  if (patch.priority !== undefined) out.priority = patch.priority;
  if (patch.tags !== undefined) out.tags = patch.tags;
  return out;
}

export function useUpdateIssue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ number, patch }: IssueUpdate) => updateIssue(number, patch),
    onMutate: async ({ number, patch, optimistic }) => {
      await queryClient.cancelQueries({ queryKey: ["views"] });
      await queryClient.cancelQueries({ queryKey: ["issue", number], exact: true });
      const saved = snapshot(queryClient, number);
      const current = findIssue(queryClient, number);
      if (current) {
        const customFields =
          patch.customFields === undefined ? current.customFields : { ...current.customFields, ...patch.customFields };
        writeIssue(queryClient, { ...current, ...preview(patch), ...optimistic, customFields });
      }
      return { saved };
    },
    onError: (error, { number, label }, context) => {
      if (context) restore(queryClient, context.saved);
      showError(label ?? `Could not update #${number}`, error);
      const fields = missingFieldsOf(error);
      if (fields) missingOnClose.set({ number, fields });
    },
    onSuccess: (issue) => writeIssue(queryClient, issue),
    onSettled: (_data, _error, { number }) => {
      void queryClient.invalidateQueries({ queryKey: ["issue", number] });
      void queryClient.invalidateQueries({ queryKey: ["views"] });
      void queryClient.invalidateQueries({ queryKey: ["issues"] });
    },
  });
}

function missingFieldsOf(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || typeof error.details !== "object" || error.details === null) return null;
  const fields = "missingFields" in error.details ? error.details.missingFields : null;
  return Array.isArray(fields) ? fields.map(String) : null;
}
