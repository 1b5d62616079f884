// Sends a bulk change for the selection and says what happened in words: how many changed,
// and each issue left as it was with the server's reason.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { showError, showToast } from "../../ui/toasts";
import { type BulkChange, bulkUpdateIssues } from "./api";
import { clearSelection, selection } from "./selection";

const plural = (n: number) => (n === 1 ? "1 issue" : `${n} issues`);

export function useBulkUpdate() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ numbers, change }: { numbers: number[]; change: BulkChange; what: string }) =>
      bulkUpdateIssues(numbers, change),
    onSuccess: ({ updated, failed }, { what }) => {
      if (failed.length === 0) {
        showToast(`${what}: ${plural(updated.length)}`);
        clearSelection();
        return;
      }
      const reasons = failed.map((f) => `#${f.number}: ${f.message}`).join(" · ");
      showToast(`${what}: ${plural(updated.length)}. Not changed: ${reasons}`, "error", 12_000);
      // What failed stays selected, to fix and try again.
      selection.set({ numbers: failed.map((f) => f.number), anchor: null });
    },
    onError: (error, { what }) => showError(`${what}: nothing changed`, error),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["views"] });
      void queryClient.invalidateQueries({ queryKey: ["issues"] });
      void queryClient.invalidateQueries({ queryKey: ["issue"] });
    },
  });
  return {
    pending: mutation.isPending,
    /** `what` names the change in the toast, e.g. "Assigned to Dana Kim". */
    apply(change: BulkChange, what: string) {
      const { numbers } = selection.get();
      if (numbers.length > 0) mutation.mutate({ numbers, change, what });
    },
  };
}
