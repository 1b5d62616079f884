// The frequent one-step actions on an issue, shared by shortcuts, the palette and the page.
import { useQueryClient } from "@tanstack/react-query";
import { useLocation } from "wouter";
import type { Issue, IssueState, Macro, Priority } from "../../api/types";
import { showToast } from "../../ui/toasts";
import { useMe } from "../auth/useSession";
import { PRIORITY_LABELS, STATE_LABELS } from "../issueDisplay/labels";
import { draftMacro } from "../loop/useComposerRequests";
import { findIssue } from "./cache";
import { useUpdateIssue } from "./useUpdateIssue";

const UNDO_MS = 8000;
const offerUndo = (text: string, undo: () => void) => showToast(text, "info", UNDO_MS, { label: "Undo", run: undo });

export function useIssueActions() {
  const me = useMe();
  const queryClient = useQueryClient();
  const update = useUpdateIssue();
  const [, navigate] = useLocation();
  const issueOf = (number: number): Issue | undefined => findIssue(queryClient, number);
  const setState = (number: number, state: IssueState) =>
    update.mutate({ number, patch: { state }, label: `Could not move #${number} to ${STATE_LABELS[state]}` });
  return {
    assignToMe(number: number) {
      const before = issueOf(number)?.assignee ?? null;
      if (before?.id === me.id) return;
      update.mutate(
        {
          number,
          patch: { assigneeUserId: me.id },
          optimistic: { assignee: { id: me.id, name: me.name } },
          label: `Could not assign #${number} to you`,
        },
        {
          onSuccess: () =>
            offerUndo(`Assigned #${number} to you`, () =>
              update.mutate({
                number,
                patch: { assigneeUserId: before?.id ?? null },
                optimistic: { assignee: before },
                label: `Could not undo the assignment of #${number}`,
              }),
            ),
        },
      );
    },
    close(number: number) {
      const before = issueOf(number)?.state;
      if (!before || before === "closed") return;
      update.mutate(
        { number, patch: { state: "closed" }, label: `Could not close #${number}` },
        { onSuccess: () => offerUndo(`Closed #${number}`, () => setState(number, before)) },
      );
    },
    setState,
    setPriority(number: number, priority: Priority) {
      const before = issueOf(number)?.priority;
      if (before === priority) return;
      update.mutate(
        { number, patch: { priority }, label: `Could not set #${number} to ${PRIORITY_LABELS[priority]}` },
        {
          onSuccess: () =>
            before &&
            offerUndo(`#${number} is now ${PRIORITY_LABELS[priority]}`, () =>
              update.mutate({
                number,
                patch: { priority: before },
                label: `Could not undo the priority of #${number}`,
              }),
            ),
        },
      );
    },
    /** A macro opens as an editable draft in the issue's composer; nothing is sent until the agent sends it. */
    draftMacro(number: number, macro: Macro) {
      draftMacro(number, macro);
      navigate(`/issues/${number}`);
    },
  };
}
