// How issues that reach a team get a person (GET/PUT /teams/:id/routing). Saved on change.
import type { TeamRouting as Routing, TeamRoutingSet } from "@switchboard/api";
import { useQuery } from "@tanstack/react-query";
import { request } from "../../../api/client";
import { messageOf } from "../../../ui/ErrorNotice";
import { SelectField } from "../Fields";
import { isMissingRoute, useSettingsMutation } from "../useSettings";

const STRATEGIES = [
  { value: "auto", label: "Automatic — pooled: queue; scoped: owner, then tier" },
  { value: "none", label: "Nobody — the team works the queue" },
  { value: "owner", label: "The account's owner" },
  { value: "tier", label: "Member covering the account's tier" },
  { value: "round_robin", label: "Round robin" },
  { value: "least_loaded", label: "Least open issues" },
];

export function TeamRouting({ teamId }: { teamId: string }) {
  const routing = useQuery({
    queryKey: ["directory", "settings", "team-routing", teamId],
    queryFn: ({ signal }) => request<Routing>(`/teams/${teamId}/routing`, { signal }),
    retry: (count, error) => !isMissingRoute(error) && count < 2,
  });
  const save = useSettingsMutation((strategy: string) =>
    request<TeamRoutingSet>(`/teams/${teamId}/routing`, { method: "PUT", body: { strategy } }),
  );
  if (routing.isError && isMissingRoute(routing.error)) return null;
  return (
    <SelectField
      label="Assign new issues to"
      value={save.variables ?? routing.data?.strategy ?? "auto"}
      disabled={!routing.data || save.isPending}
      onChange={(strategy) => save.mutate(strategy)}
      options={STRATEGIES}
      error={routing.isError ? messageOf(routing.error) : save.isError ? messageOf(save.error) : undefined}
      hint={save.isSuccess ? "Saved." : "Saved as soon as you pick."}
    />
  );
}
