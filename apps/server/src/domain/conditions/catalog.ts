// How each field of the condition catalog (CONDITION_FIELDS in @switchboard/api: names, value
// types, operators, contexts) reads from the facts. One reader per field; a field with a key
// (`issue.field.<key>`) reads by that key.
import { type BusinessCalendar, businessHoursBetween, localTime } from "../businessHours";
import { type ConditionFacts, type FactValue, type SlaFacts, slaStateOf } from "./facts";

type Reader = (facts: ConditionFacts, key: string) => FactValue;

const account =
  (read: (a: NonNullable<ConditionFacts["account"]>, key: string) => FactValue): Reader =>
  (facts, key) =>
    facts.account ? read(facts.account, key) : null;
const contact =
  (read: (c: NonNullable<ConditionFacts["contact"]>) => FactValue): Reader =>
  (facts) =>
    facts.contact ? read(facts.contact) : null;
const message =
  (read: (m: NonNullable<ConditionFacts["message"]>) => FactValue): Reader =>
  (facts) =>
    facts.message ? read(facts.message) : null;
const change =
  (read: (c: NonNullable<ConditionFacts["change"]>) => FactValue): Reader =>
  (facts) =>
    facts.change ? read(facts.change) : null;

/** Hours since the customer's last message, or null when nobody is waiting. */
const waiting =
  (hours: (from: Date, to: Date, calendar?: BusinessCalendar) => number): Reader =>
  ({ lastCustomerMessageAt, now, calendar }) =>
    lastCustomerMessageAt ? hours(lastCustomerMessageAt, now, calendar) : null;

/** Minutes from now until one of the issue's SLA due times (negative once passed). */
const dueIn =
  (due: (sla: SlaFacts) => Date | null): Reader =>
  ({ sla, now }) => {
    const at = sla ? due(sla) : null;
    return at ? (at.getTime() - now.getTime()) / 60_000 : null;
  };

export const FACT_READERS: Readonly<Record<string, Reader>> = {
  "issue.state": ({ issue }) => issue.state,
  "issue.priority": ({ issue }) => issue.priority,
  "issue.channel": ({ issue }) => issue.channel,
  "issue.title": ({ issue }) => issue.title,
  "issue.team": ({ issue }) => issue.teamId,
  "issue.assignee": ({ issue }) => issue.assigneeUserId,
  "issue.account": ({ issue }) => issue.accountId ?? null,
  "issue.tags": ({ issue }) => issue.tags,
  "issue.topic": ({ issue }) => issue.topicIds ?? [],
  "issue.field.*": ({ issue }, key) => asValue(issue.customFields[key]),
  "issue.source.*": ({ issue }, key) => issue.source[key] ?? null,
  "issue.created_at": ({ issue }) => issue.createdAt ?? null,
  "issue.updated_at": ({ issue }) => issue.updatedAt ?? null,
  "issue.text": ({ issue }) => issue.text ?? "",
  "account.type": account((a) => a.type),
  "account.tier": account((a) => a.tier),
  "account.name": account((a) => a.name),
  "account.owner": account((a) => a.ownerUserId),
  "account.field.*": account((a, key) => asValue(a.customFields[key])),
  "account.tags": account((a) => a.tags ?? []),
  "contact.email": contact((c) => c.email),
  "contact.domain": contact((c) => c.email?.split("@")[1]?.toLowerCase() ?? null),
  "contact.name": contact((c) => c.name),
  "message.text": message((m) => m.text),
  "message.author": message((m) => m.authorType),
  "change.field": change((c) => c.field),
  "change.to": change((c) => asValue(c.to)),
  "time.hour": ({ now, calendar }) => localTime(now, calendar).hour,
  "time.weekday": ({ now, calendar }) => localTime(now, calendar).weekday,
  "time.hours_since_customer_message": waiting((from, to) => (to.getTime() - from.getTime()) / 3_600_000),
  "time.business_hours_since_customer_message": waiting(businessHoursBetween),
  "sla.policy": ({ sla }) => sla?.policyId ?? null,
  "sla.state": ({ sla }) => slaStateOf(sla),
  "sla.breached": ({ sla }) => sla?.breached ?? [],
  "sla.due_in": dueIn((s) => s.dueAt),
  "sla.first_response_due_in": dueIn((s) => s.firstResponseDueAt),
  "sla.next_response_due_in": dueIn((s) => s.nextResponseDueAt),
  "sla.resolution_due_in": dueIn((s) => s.resolutionDueAt),
};

/** Reads a condition field out of the facts; undefined when the path names nothing. */
export function factValue(facts: ConditionFacts, field: string): FactValue {
  const exact = FACT_READERS[field];
  if (exact) return exact(facts, "");
  const [root, name, ...rest] = field.split(".");
  const keyed = FACT_READERS[`${root}.${name}.*`];
  return keyed && rest.length > 0 ? keyed(facts, rest.join(".")) : undefined;
}

function asValue(v: unknown): FactValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(String);
  return JSON.stringify(v);
}
