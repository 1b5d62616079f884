// The frequent one-step actions on an issue, shared by shortcuts, the palette and the page.
import { useQueryClient } from "@tanstack/react-query";
import { applyMacro } from "../../api/client";
import type { Issue, Priority } from "../../api/types";
import { showError, showToast } from "../../ui/toasts";
import { useMe } from "../auth/useSession";
import { PRIORITY_LABELS } from "../issueDisplay/labels";
import { findIssue } from "./cache";
import { useUpdateIssue } from "./useUpdateIssue";

export function useIssueActions() {
  const me = useMe();
  const queryClient = useQueryClient();
  const update = useUpdateIssue();
  const issueOf = (number: number): Issue | undefined => findIssue(queryClient, number);
  return {
    assignToMe(number: number) {
      update.mutate({
        number,
        patch: { assigneeUserId: me.id },
        optimistic: { assignee: { id: me.id, name: me.name } },
        label: `Could not assign #${number} to you`,
      });
    },
    close(number: number) {
      if (issueOf(number)?.state === "closed") return;
      update.mutate({ number, patch: { state: "closed" }, label: `Could not close #${number}` });
    },
    setPriority(number: number, priority: Priority) {
      update.mutate({ number, patch: { priority }, label: `Could not set #${number} to ${PRIORITY_LABELS[priority]}` });
    },
    async applyMacro(number: number, macroId: string, name: string) {
      try {
        await applyMacro(number, macroId);
        showToast(`Applied “${name}” to #${number}`);
        await queryClient.invalidateQueries({ queryKey: ["issue", number] });
      } catch (error) {
        showError(`Could not apply “${name}”`, error);
      }
    },
  };
}
