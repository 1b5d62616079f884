// Server state of one issue: the issue, its thread, its event log, its AI decisions, and the
// other open issues of its account.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  applyMacro,
  getIssue,
  listDecisions,
  listEvents,
  listIssues,
  listMessages,
  postMessage,
  resendMessage,
} from "../../api/client";
import type { Message } from "../../api/types";
import { createStore } from "../../ui/store";
import { showError } from "../../ui/toasts";

export const useIssue = (number: number) =>
  useQuery({ queryKey: ["issue", number], queryFn: ({ signal }) => getIssue(number, signal) });

export const useMessages = (number: number) =>
  useQuery({
    queryKey: ["issue", number, "messages"],
    queryFn: ({ signal }) => listMessages(number, signal),
    select: (d) => d.items,
  });

export const useEvents = (number: number, enabled: boolean) =>
  useQuery({
    queryKey: ["issue", number, "events"],
    queryFn: ({ signal }) => listEvents(number, signal),
    select: (d) => d.items,
    enabled,
  });

export const useDecisions = (number: number) =>
  useQuery({ queryKey: ["issue", number, "decisions"], queryFn: ({ signal }) => listDecisions(number, signal) });

const OPEN = "new,on_you,on_customer,on_hold";

export const useAccountIssues = (accountId: string | undefined) =>
  useQuery({
    queryKey: ["issues", "account", accountId],
    queryFn: ({ signal }) => listIssues({ account: accountId, state: OPEN, limit: 20 }, signal),
    enabled: Boolean(accountId),
    select: (d) => d.items,
  });

export type Outgoing = {
  visibility: "public" | "internal";
  body: string;
  macroId?: string;
  cc?: string[];
  /** Files uploaded for this reply (useComposerFiles). */
  attachmentIds?: string[];
};

/** Sends a reply or note (or applies a macro with the edited text), then refreshes the issue. */
export function useSend(number: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ visibility, body, macroId, cc, attachmentIds }: Outgoing): Promise<Message | null> => {
      if (macroId) {
        await applyMacro(number, macroId, body, cc);
        return null;
      }
      return postMessage(number, visibility, body, cc, attachmentIds);
    },
    onSuccess: (message) => {
      if (!message) return;
      queryClient.setQueryData<{ items: Message[] }>(["issue", number, "messages"], (old) =>
        old && !old.items.some((m) => m.id === message.id) ? { items: [...old.items, message] } : old,
      );
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["issue", number] });
      void queryClient.invalidateQueries({ queryKey: ["views"] });
    },
  });
}

/** Sends a reply whose delivery failed or found no transport again, then refreshes the thread. */
export function useResend(number: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: Message) => resendMessage(message.id),
    onError: (error) => showError("Could not send again", error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["issue", number, "messages"] }),
  });
}

/** Fields the server named when it refused to close an issue, to highlight them in the panel. */
export const missingOnClose = createStore<{ number: number; fields: string[] } | null>(null);
