// The widget module's own jobs: their payloads.
import { z } from "zod";

export const WIDGET_JOBS = {
  /**
   * Emails agent replies a widget customer has not seen in time (each widget's fallbackMinutes);
   * scheduled each minute for every workspace (`workspaceId` "all"), or run for one.
   */
  "widget.fallback": z.object({ workspaceId: z.string() }),
};
