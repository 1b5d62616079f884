// The routing engine seam: the local classifier (default, offline) or an OpenAI-compatible
// model. Both answer the same question in the same shape, so decisions are stored alike.

/** One place an issue can go: a runbook and its target team. */
export interface RouteOption {
  /** What the decision stores (the target team id). */
  label: string;
  name: string;
  instructions: string;
  examples: string[];
}

export interface RouteRequest {
  text: string;
  options: RouteOption[];
  /** The agent's own team and what it keeps: the "none of the runbooks" answer. */
  home: { name: string; instructions: string };
}

export interface RouteAnswer {
  /** An option's label, or null: no runbook fits, the issue stays home. */
  label: string | null;
  confidence: number;
  reason: string;
  evidence: string[];
  scores: { label: string; probability: number }[];
  /** Which engine answered: "local", "openai-compatible:<model>", or "local (fallback)". */
  provider: string;
}

export interface RouteEngine {
  readonly name: string;
  /** `local` computes the offline answer; remote engines fall back to it on any error. */
  route(request: RouteRequest, local: () => RouteAnswer): Promise<RouteAnswer>;
}
