// Server state for settings. Lists live under the "directory" key so the realtime "settings"
// notices (another admin's change) refresh them, and every write refreshes the rest of the app.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { listAt } from "./api";

/** A route this server does not have yet (the JSON 404 of the not-found handler). */
export const isMissingRoute = (error: unknown) =>
  error instanceof ApiError && error.status === 404 && error.message.startsWith("No route");

export const isForbidden = (error: unknown) => error instanceof ApiError && error.status === 403;

export function useSettingsList<T>(path: string, enabled = true) {
  return useQuery({
    queryKey: ["directory", "settings", path],
    queryFn: ({ signal }) => listAt<T>(path, signal),
    select: (d) => d.items,
    enabled,
    // A missing route or a refusal will not change by asking again.
    retry: (count, error) => !isMissingRoute(error) && !isForbidden(error) && count < 2,
  });
}

export function useSettingsMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["directory"] }),
        queryClient.invalidateQueries({ queryKey: ["macros"] }),
      ]),
  });
}
