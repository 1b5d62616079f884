// AI agent shapes as /ai-agents answers them: the shared schemas' types (type-only imports).
import type {
  Agent as AgentOut,
  Ok,
  RunbookDetail,
  RunbookInput as RunbookInputSchema,
  Runbook as SavedRunbook,
} from "@switchboard/api";
import type { z } from "zod";
import { request } from "../../../api/client";

export type { Accuracy } from "@switchboard/api";
export type Agent = AgentOut;
export type AgentInput = Pick<Agent, "name" | "teamId" | "homeInstructions" | "threshold" | "enabled">;
/** A runbook as its agent lists it (with examples and the target team's name). */
export type Runbook = RunbookDetail;
export type RunbookInput = Required<
  Pick<z.input<typeof RunbookInputSchema>, "name" | "instructions" | "targetTeamId" | "examples" | "enabled">
>;

const send = <T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown) =>
  request<T>(path, { method, body });

export const createAgent = (input: AgentInput) => send<Agent>("POST", "/ai-agents", input);
export const updateAgent = (id: string, input: Partial<AgentInput>) => send<Agent>("PATCH", `/ai-agents/${id}`, input);
export const createRunbook = (agentId: string, input: RunbookInput) =>
  send<SavedRunbook>("POST", `/ai-agents/${agentId}/runbooks`, input);
export const updateRunbook = (agentId: string, id: string, input: Partial<RunbookInput>) =>
  send<SavedRunbook>("PATCH", `/ai-agents/${agentId}/runbooks/${id}`, input);
export const deleteRunbook = (agentId: string, id: string) =>
  send<Ok>("DELETE", `/ai-agents/${agentId}/runbooks/${id}`);
