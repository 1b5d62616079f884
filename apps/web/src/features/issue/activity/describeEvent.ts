// The activity timeline in words: every event type of the issue log (server domain/events.ts)
// as a sentence a person reads — "Router moved this to Migrations (runbook Migrations, 99%)",
// "Assigned to Tom Lindqvist" — with names in place of ids. Pure: the caller passes lookups.
import type { IssueEvent } from "../../../api/types";
import { CHANNEL_LABELS, PRIORITY_LABELS, STATE_LABELS } from "../../issueDisplay/labels";

export interface EventNames {
  user(id: string): string | undefined;
  team(id: string): string | undefined;
  agent(id: string): string | undefined;
  /** A custom field's label by key. */
  field(key: string): string | undefined;
}

type Data = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
const obj = (v: unknown): Data => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Data) : {});
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const pct = (v: unknown) => (typeof v === "number" ? `${Math.round(v * 100)}%` : null);
const quote = (s: string) => `“${s}”`;

const PRIORITY_RANK = ["none", "low", "medium", "high", "urgent"];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Reads a whole log once: trigger names by id (their run events carry them) and routing decisions. */
export function describeLog(events: readonly IssueEvent[], names: EventNames): string[] {
  const triggers = new Map<string, string>();
  for (const e of events) {
    const id = str(e.data.triggerId);
    const name = str(e.data.name);
    if (e.type === "trigger" && id && name) triggers.set(id, name);
  }
  return events.map((e, i) => describeEvent(e, { names, triggers, before: events.slice(0, i) }));
}

interface Context {
  names: EventNames;
  triggers: ReadonlyMap<string, string>;
  /** The events before this one, oldest first. */
  before: readonly IssueEvent[];
}

export function describeEvent(e: IssueEvent, ctx: Context): string {
  const d = e.data;
  const actor = actorName(e, ctx);
  const team = (id: unknown) => {
    const s = str(id);
    return s ? (ctx.names.team(s) ?? "a deleted team") : "no team";
  };
  switch (e.type) {
    case "created":
      return created(d, team);
    case "message":
      return message(e, actor);
    case "state":
      return stateChange(d, actor);
    case "reopened":
      return e.actorType === "contact" ? "Reopened by the customer's reply" : `${actor} reopened this`;
    case "assignee":
      return assignee(e, actor, ctx);
    case "team":
      return teamMove(e, actor, ctx, team);
    case "priority":
      return priority(e, actor);
    case "tags":
      return tags(d, actor);
    case "field":
      return field(d, actor, ctx.names);
    case "title":
      return `${actor} renamed this from ${quote(str(d.from) ?? "")} to ${quote(str(d.to) ?? "")}`;
    case "merged":
      return `${actor} merged this into #${num(d.into) ?? "?"}`;
    case "merged_from":
      return `${actor} merged #${num(d.from) ?? "?"} into this`;
    case "message_edited":
      return `${actor} edited a message`;
    case "message_deleted":
      return `${actor} deleted a message`;
    case "reaction":
      return reaction(d, actor);
    case "linked":
      return d.relation === "follow_up"
        ? `A late reply opened follow-up #${num(d.number) ?? "?"}`
        : `Follows up on #${num(d.number) ?? "?"}, closed too long ago to reopen`;
    case "trigger":
      return triggerRun(d, ctx.names);
    case "ai_decision":
      return decision(d, actor);
    default:
      return `${actor}: ${e.type.replaceAll("_", " ")}`;
  }
}

function actorName(e: IssueEvent, ctx: Context): string {
  const id = e.actorId;
  switch (e.actorType) {
    case "user":
      return (id && ctx.names.user(id)) || "Someone";
    case "agent":
      return (id && ctx.names.agent(id)) || "An AI agent";
    case "trigger": {
      const name = id ? ctx.triggers.get(id) : undefined;
      return name ? `Trigger ${quote(name)}` : "A trigger";
    }
    case "contact":
      return "The customer";
    default:
      return "Switchboard";
  }
}

function created(d: Data, team: (id: unknown) => string): string {
  const channel = str(d.channel);
  const via = channel && channel in CHANNEL_LABELS ? CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS] : "the API";
  const parts = [`Opened from ${via}`];
  if (d.teamId) parts.push(`in ${team(d.teamId)}`);
  const fallback = d.defaultTeamId
    ? `; its inbox's team, ${team(d.defaultTeamId)}, applies if no trigger sets one`
    : "";
  return `${parts.join(" ")}${fallback}`;
}

function message(e: IssueEvent, actor: string): string {
  if (e.data.visibility === "internal") return `${actor} added an internal note`;
  switch (e.data.authorType) {
    case "contact":
      return "The customer wrote";
    case "agent":
      return `${actor} replied`;
    case "system":
      return "Switchboard posted a message";
    default:
      return `${actor} replied`;
  }
}

function stateLabel(v: unknown): string {
  const s = str(v);
  return s && s in STATE_LABELS ? STATE_LABELS[s as keyof typeof STATE_LABELS] : (s ?? "?");
}

function stateChange(d: Data, actor: string): string {
  if (d.to === "closed") return `${actor} closed this`;
  if (d.from === "closed") return `${actor} reopened this (${stateLabel(d.to)})`;
  return `${actor} changed the state from ${stateLabel(d.from)} to ${stateLabel(d.to)}`;
}

function assignee(e: IssueEvent, actor: string, ctx: Context): string {
  const from = obj(e.data.from);
  const to = obj(e.data.to);
  const toUser = str(to.userId);
  const toAgent = str(to.agentId);
  if (toUser) {
    const name = ctx.names.user(toUser) ?? "a former member";
    if (e.actorType === "user" && e.actorId === toUser) return `${actor} took this`;
    return e.actorType === "user" ? `${actor} assigned this to ${name}` : `Assigned to ${name}`;
  }
  if (toAgent) {
    const name = ctx.names.agent(toAgent) ?? "an AI agent";
    return e.actorType === "agent" && e.actorId === toAgent ? `${name} took this to route it` : `Assigned to ${name}`;
  }
  const fromAgent = str(from.agentId);
  if (fromAgent && e.actorType === "agent" && e.actorId === fromAgent) return `${actor} unassigned itself`;
  const fromUser = str(from.userId);
  const whom = fromUser
    ? (ctx.names.user(fromUser) ?? "a former member")
    : fromAgent
      ? ctx.names.agent(fromAgent)
      : null;
  return whom ? `${actor} unassigned ${whom}` : `${actor} unassigned this`;
}

/** The latest routing decision before this event, if any. */
function routeBefore(ctx: Context): IssueEvent | null {
  for (let i = ctx.before.length - 1; i >= 0; i--) {
    const e = ctx.before[i];
    if (e?.type === "ai_decision" && e.data.kind === "route") return e;
  }
  return null;
}

function teamMove(e: IssueEvent, actor: string, ctx: Context, team: (id: unknown) => string): string {
  const d = e.data;
  const to = team(d.to);
  const reason = str(d.reason);
  if (reason) return `Moved to ${to}: ${reason}`;
  const route = routeBefore(ctx);
  const output = obj(route?.data.output);
  const confidence = pct(route?.data.confidence);
  if (e.actorType === "agent") {
    const runbook = str(output.runbookName);
    const how = [runbook && `runbook ${runbook}`, confidence].filter(Boolean).join(", ");
    return `${actor} moved this to ${to}${how ? ` (${how})` : ""}`;
  }
  if (e.actorType !== "user") return `${actor} moved this to ${to}`;
  const moved = d.from ? `${actor} moved this from ${team(d.from)} to ${to}` : `${actor} moved this to ${to}`;
  // A person moving the team the Router chose corrects it: say so, it becomes a training label.
  if (route && output.teamId === d.from && d.from !== d.to) {
    const choice = [team(d.from), confidence].filter(Boolean).join(", ");
    return `${moved}, overriding ${actorName(route, ctx)}'s choice (${choice})`;
  }
  return moved;
}

function priority(e: IssueEvent, actor: string): string {
  const d = e.data;
  const from = str(d.from) ?? "none";
  const to = str(d.to) ?? "none";
  const label = PRIORITY_LABELS[to as keyof typeof PRIORITY_LABELS] ?? to;
  const verb =
    to === "none"
      ? "cleared"
      : PRIORITY_RANK.indexOf(to) > PRIORITY_RANK.indexOf(from)
        ? "raised to"
        : PRIORITY_RANK.indexOf(to) < PRIORITY_RANK.indexOf(from)
          ? "lowered to"
          : "set to";
  const reason = str(d.reason);
  const what = to === "none" ? "Priority cleared" : `Priority ${verb} ${label}`;
  if (d.setBy === "ai") return `${what} by AI${reason ? `: ${reason}` : ""}`;
  if (e.actorType === "trigger") return `${what} by ${actor.replace("Trigger", "trigger")}`;
  return `${what} by ${actor}${reason ? ` (${reason})` : ""}`;
}

function tags(d: Data, actor: string): string {
  const added = list(d.added);
  const removed = list(d.removed);
  const parts = [
    added.length > 0 && `added ${added.length === 1 ? "tag" : "tags"} ${added.join(", ")}`,
    removed.length > 0 && `removed ${removed.length === 1 ? "tag" : "tags"} ${removed.join(", ")}`,
  ].filter(Boolean);
  return parts.length > 0 ? `${actor} ${parts.join(" and ")}` : `${actor} left the tags as they were`;
}

function fieldValue(v: unknown, names: EventNames): string {
  if (Array.isArray(v)) return v.map((x) => fieldValue(x, names)).join(", ");
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (typeof v === "string") return names.user(v) ?? v;
  return String(v);
}

function field(d: Data, actor: string, names: EventNames): string {
  const key = str(d.key) ?? "a field";
  const label = names.field(key) ?? key;
  const empty = d.to === null || d.to === undefined || d.to === "" || (Array.isArray(d.to) && d.to.length === 0);
  return empty ? `${actor} cleared ${label}` : `${actor} set ${label} to ${fieldValue(d.to, names)}`;
}

function reaction(d: Data, actor: string): string {
  if (d.split) return `${actor} split a message off into #${num(d.intoIssueNumber) ?? "?"}`;
  const emoji = `:${str(d.emoji) ?? "?"}:`;
  if (d.removed) return `${actor} removed the ${emoji} reaction in Slack`;
  if (d.resolution) return `${actor} closed this with a ${emoji} reaction in Slack`;
  return `${actor} reacted ${emoji} in Slack`;
}

function triggerRun(d: Data, names: EventNames): string {
  const stopped = str(d.stopped);
  if (stopped) return `Triggers stopped: ${stopped}`;
  const name = quote(str(d.name) ?? "a trigger");
  const error = str(d.error);
  if (error) return `Trigger ${name} failed and changed nothing: ${error}`;
  // Runs logged before actions were worded named teams and people by id.
  const actions = list(d.actions).map((a) =>
    a.replace(UUID, (id) => names.team(id) ?? names.user(id) ?? names.agent(id) ?? id),
  );
  return `Trigger ${name} ran${actions.length > 0 ? `: ${actions.join("; ")}` : ""}`;
}

function decision(d: Data, actor: string): string {
  const output = obj(d.output);
  const confidence = pct(d.confidence);
  const reason = str(d.reason);
  if (d.kind === "route") {
    const team = str(output.teamName) ?? "its team";
    const runbook = str(output.runbookName);
    const why = reason ? `: ${reason}` : "";
    if (output.action === "stay") return `${actor} kept this with ${team}${confidence ? ` (${confidence})` : ""}${why}`;
    const how = [runbook && `runbook ${runbook}`, confidence].filter(Boolean).join(", ");
    return `${actor} chose ${team}${how ? ` (${how})` : ""}${why}`;
  }
  if (d.kind === "priority") {
    const p = str(output.priority);
    const label = p && p in PRIORITY_LABELS ? PRIORITY_LABELS[p as keyof typeof PRIORITY_LABELS] : (p ?? "?");
    return `AI judged the priority ${label}${confidence ? ` (${confidence})` : ""}`;
  }
  if (d.kind === "field") {
    const label = str(output.label) ?? str(output.key) ?? "a field";
    const value = output.value;
    if (value === null || value === undefined) return `AI left ${label} empty${reason ? `: ${reason}` : ""}`;
    return `AI set ${label} to ${Array.isArray(value) ? value.join(", ") : String(value)}${confidence ? ` (${confidence})` : ""}`;
  }
  return `${actor} decided ${String(d.kind)}`;
}
