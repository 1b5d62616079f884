// /business-hours (calendars) and /sla-policies, and the SLA state every issue answers with.
import { z } from "zod";
import { conditionsFor } from "./conditions";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { SLA_PAUSE_STATES, SLA_TARGETS } from "./vocabulary";

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "a time as HH:MM (24:00 ends the day)");
const IsoDate = z.iso.date();

/** Whether the runtime knows the IANA time zone (the server checks it again with its zone data). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch (error) {
    return !(error instanceof RangeError);
  }
}

export const WorkingPeriod = z
  .strictObject({
    /** 0 = Sunday … 6 = Saturday. */
    day: z.number().int().min(0).max(6),
    start: Clock,
    end: Clock,
  })
  .refine((p) => p.end > p.start, "a working period must end after it starts");
export const Holiday = z
  .strictObject({ name: text(100), from: IsoDate, to: IsoDate })
  .refine((h) => h.to >= h.from, "a holiday must end on or after its first day");

export const CalendarInput = z.strictObject({
  name: text(100),
  timeZone: z.string().max(100).refine(isTimeZone, "unknown IANA time zone"),
  hours: z.array(WorkingPeriod).max(50),
  holidays: z.array(Holiday).max(500).default([]),
  /** The workspace's calendar for teams and policies that name none. */
  isDefault: z.boolean().optional(),
});
export const CalendarPatch = CalendarInput.partial();

export const Calendar = z.strictObject({
  id: Uuid,
  name: z.string(),
  timeZone: z.string(),
  hours: z.array(z.strictObject({ day: z.number().int(), start: z.string(), end: z.string() })),
  holidays: z.array(z.strictObject({ name: z.string(), from: z.string(), to: z.string() })),
  isDefault: z.boolean(),
  /** Teams whose issues run on this calendar. */
  teamIds: z.array(Uuid),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Calendar = Wire<typeof Calendar>;

const Minutes = z
  .number()
  .int()
  .min(1)
  .max(365 * 24 * 60)
  .nullable();

export const SlaPolicyInput = z.strictObject({
  name: text(200),
  /** Which issues the policy covers, in the condition language (issue context). */
  conditions: conditionsFor("issue").default({ all: [] }),
  /** Null: the issue's team's calendar, else the workspace's default. */
  calendarId: Uuid.nullable().default(null),
  firstResponseMinutes: Minutes.default(null),
  nextResponseMinutes: Minutes.default(null),
  resolutionMinutes: Minutes.default(null),
  /** Count only business hours (true) or every minute (false). */
  businessTime: z.boolean().default(true),
  /** States that stop the clocks until the customer writes again. */
  pauseOn: z.array(z.enum(SLA_PAUSE_STATES)).max(2).default(["on_customer", "on_hold"]),
  enabled: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
export const SlaPolicyPatch = z.strictObject({
  name: text(200).optional(),
  conditions: conditionsFor("issue").optional(),
  calendarId: Uuid.nullable().optional(),
  firstResponseMinutes: Minutes.optional(),
  nextResponseMinutes: Minutes.optional(),
  resolutionMinutes: Minutes.optional(),
  businessTime: z.boolean().optional(),
  pauseOn: z.array(z.enum(SLA_PAUSE_STATES)).max(2).optional(),
  enabled: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});

export const SlaPolicy = z.strictObject({
  id: Uuid,
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  conditions: conditionsFor("issue"),
  calendarId: Uuid.nullable(),
  firstResponseMinutes: z.number().int().nullable(),
  nextResponseMinutes: z.number().int().nullable(),
  resolutionMinutes: z.number().int().nullable(),
  businessTime: z.boolean(),
  pauseOn: z.array(z.enum(SLA_PAUSE_STATES)),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SlaPolicy = Wire<typeof SlaPolicy>;

/** An issue's SLA now: the policy that applies and when each running target is due. */
export const IssueSla = z.strictObject({
  policy: z.strictObject({ id: Uuid, name: z.string() }).nullable(),
  firstResponseDueAt: Timestamp.nullable(),
  nextResponseDueAt: Timestamp.nullable(),
  resolutionDueAt: Timestamp.nullable(),
  /** Targets missed so far. */
  breached: z.array(z.enum(SLA_TARGETS)),
  /** The clocks stand still (the issue waits on the customer, or is on hold). */
  paused: z.boolean(),
});
export type IssueSla = Wire<typeof IssueSla>;

/** PUT /teams/:id/calendar: the team's calendar (null: the workspace's default). */
export const TeamCalendarInput = z.strictObject({ calendarId: Uuid.nullable() });
