// AI agent shapes as /ai-agents answers them (rows of ai_agent and runbook on the server).
import { request } from "../../../api/client";

export type Agent = {
  id: string;
  name: string;
  kind: "router";
  teamId: string | null;
  homeInstructions: string;
  threshold: number;
  enabled: boolean;
};
export type AgentInput = Pick<Agent, "name" | "teamId" | "homeInstructions" | "threshold" | "enabled">;

export type Runbook = {
  id: string;
  agentId: string;
  name: string;
  instructions: string;
  targetTeamId: string | null;
  targetTeamName: string | null;
  position: number;
  enabled: boolean;
  examples: string[];
};
export type RunbookInput = {
  name: string;
  instructions: string;
  targetTeamId: string;
  examples: string[];
  enabled: boolean;
};

export type Accuracy = {
  total: number;
  correct: number;
  accuracy: number | null;
  labels: { id: string; name: string }[];
  matrix: { predicted: string; actual: string; count: number }[];
};

const send = <T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown) =>
  request<T>(path, { method, body });

export const createAgent = (input: AgentInput) => send<Agent>("POST", "/ai-agents", input);
export const updateAgent = (id: string, input: Partial<AgentInput>) => send<Agent>("PATCH", `/ai-agents/${id}`, input);
export const createRunbook = (agentId: string, input: RunbookInput) =>
  send<Runbook>("POST", `/ai-agents/${agentId}/runbooks`, input);
export const updateRunbook = (agentId: string, id: string, input: Partial<RunbookInput>) =>
  send<Runbook>("PATCH", `/ai-agents/${agentId}/runbooks/${id}`, input);
export const deleteRunbook = (agentId: string, id: string) =>
  send<{ ok: boolean }>("DELETE", `/ai-agents/${agentId}/runbooks/${id}`);
