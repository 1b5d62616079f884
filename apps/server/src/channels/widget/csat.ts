// CSAT in the widget: the survey is inline (the conversation's `survey` scale, shown when it is
// resolved). When a widget issue closes and its team surveys it, the request is recorded so the
// response rate counts it like an email or a Slack survey.
import { runCommand } from "../../commands/context";
import { recordInlineSurvey } from "../../commands/csat";
import type { Services } from "../../services";

export async function recordWidgetSurvey(services: Services, data: { workspaceId: string; issueId: string }) {
  await runCommand(services, { workspaceId: data.workspaceId, actor: { type: "system", name: "widget" } }, (ctx) =>
    recordInlineSurvey(ctx, data.issueId, "widget"),
  );
}
