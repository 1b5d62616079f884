// /widgets calls: the workspace's chat widgets; the secret comes back only on creation and rotation.
import type { Ok, Widget, WidgetWithSecret } from "@switchboard/api";
import { request } from "../../../api/client";

export type { Widget, WidgetWithSecret };

export const WIDGETS_PATH = "/widgets";
export const createWidget = (name: string) =>
  request<WidgetWithSecret>(WIDGETS_PATH, { method: "POST", body: { name } });
export const rotateWidget = (id: string) =>
  request<WidgetWithSecret>(`${WIDGETS_PATH}/${id}/rotate`, { method: "POST", body: {} });
export const deleteWidget = (id: string) => request<Ok>(`${WIDGETS_PATH}/${id}`, { method: "DELETE" });
