// Business hours and SLA policy endpoints for settings (type-only imports of the shared schemas).
import type { Calendar, CalendarInput, Ok, SlaPolicy, SlaPolicyInput } from "@switchboard/api";
import type { z } from "zod";
import { request } from "../../../api/client";

export type { Calendar, SlaPolicy };
export type CalendarIn = z.input<typeof CalendarInput>;
export type SlaPolicyIn = z.input<typeof SlaPolicyInput>;

export const SLA_PATHS = { calendars: "/business-hours", policies: "/sla-policies" } as const;

export const createCalendar = (input: CalendarIn) =>
  request<Calendar>(SLA_PATHS.calendars, { method: "POST", body: input });
export const deleteCalendar = (id: string) => request<Ok>(`${SLA_PATHS.calendars}/${id}`, { method: "DELETE" });
export const createSlaPolicy = (input: SlaPolicyIn) =>
  request<SlaPolicy>(SLA_PATHS.policies, { method: "POST", body: input });
export const deleteSlaPolicy = (id: string) => request<Ok>(`${SLA_PATHS.policies}/${id}`, { method: "DELETE" });
export const updateCalendar = (id: string, input: Partial<CalendarIn>) =>
  request<Calendar>(`${SLA_PATHS.calendars}/${id}`, { method: "PATCH", body: input });
export const updateSlaPolicy = (id: string, input: Partial<SlaPolicyIn>) =>
  request<SlaPolicy>(`${SLA_PATHS.policies}/${id}`, { method: "PATCH", body: input });
/** The team's calendar (null: the workspace's default). */
export const setTeamCalendar = (teamId: string, calendarId: string | null) =>
  request<Ok>(`/teams/${teamId}/calendar`, { method: "PUT", body: { calendarId } });
