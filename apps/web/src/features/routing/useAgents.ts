// The workspace's AI agents (the Router…), by id: their names stand in for ids in the activity log.
import type { Agent, Items } from "@switchboard/api";
import { useQuery } from "@tanstack/react-query";
import { request } from "../../api/client";

export const useAgents = () =>
  useQuery({
    queryKey: ["directory", "agents"],
    queryFn: ({ signal }) => request<Items<Agent>>("/ai-agents", { signal }),
    staleTime: 5 * 60_000,
    select: (d) => d.items,
  });
