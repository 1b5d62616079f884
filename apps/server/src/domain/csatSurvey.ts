// Which closings get a CSAT survey, and what its buttons are. Pure: every channel's sender (email,
// Slack, widget, portal) asks the same question of the same facts.
//
// Rules
// - The team has CSAT switched on (an issue with no team is surveyed).
// - Only a closing by a person (an agent, or the customer closing it themselves) is asked about.
//   Closings by a trigger, the AI agent or the system are automatic: noise filed away, spam,
//   quarantined or auto-closed issues, and nobody wants to rate a robot's housekeeping.
// - An issue merged into another is not asked: the issue it joined carries the conversation.
// - An issue tagged `spam` is never asked, whoever closed it.
// - Scale `1-5` asks for 1 … 5; `thumbs` asks 👍 / 👎, stored as 5 and 1 so the average, the
//   response rate and every report read both scales alike.

export const CSAT_SCALES = ["1-5", "thumbs"] as const;
export type CsatScale = (typeof CSAT_SCALES)[number];

export interface CsatChoice {
  score: number;
  label: string;
  emoji: string;
}

const FIVE: readonly CsatChoice[] = [
  { score: 1, label: "Very poor", emoji: "😞" },
  { score: 2, label: "Poor", emoji: "🙁" },
  { score: 3, label: "Okay", emoji: "😐" },
  { score: 4, label: "Good", emoji: "🙂" },
  { score: 5, label: "Excellent", emoji: "😀" },
];
const THUMBS: readonly CsatChoice[] = [
  { score: 5, label: "Good", emoji: "👍" },
  { score: 1, label: "Bad", emoji: "👎" },
];

export function csatChoices(scale: CsatScale): readonly CsatChoice[] {
  return scale === "thumbs" ? THUMBS : FIVE;
}

/** The label of a stored score on the scale it was asked on. */
export function csatLabel(scale: CsatScale, score: number): string {
  const choice = csatChoices(scale).find((c) => c.score === score);
  return choice ? `${choice.emoji} ${choice.label}` : `${score} / 5`;
}

export interface SurveyFacts {
  state: string;
  /** The team's setting; null when the issue has no team. */
  team: { csatEnabled: boolean; csatScale: CsatScale } | null;
  /** Who made the latest move into `closed`. */
  closedBy: "user" | "contact" | "agent" | "system" | "trigger" | null;
  mergedIntoId: string | null;
  tags: readonly string[];
}

/** The scale to ask on, or null when this closing gets no survey (and why, for logs and tests). */
export function surveyFor(facts: SurveyFacts): { scale: CsatScale } | { skip: string } {
  if (facts.state !== "closed") return { skip: "not closed" };
  if (facts.team && !facts.team.csatEnabled) return { skip: "CSAT is off for the team" };
  if (facts.mergedIntoId) return { skip: "merged into another issue" };
  if (facts.tags.some((t) => t.toLowerCase() === "spam")) return { skip: "spam" };
  if (facts.closedBy !== "user" && facts.closedBy !== "contact") return { skip: "closed automatically" };
  return { scale: facts.team?.csatScale ?? "1-5" };
}
