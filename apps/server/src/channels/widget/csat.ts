// CSAT in the widget: the survey is inline (the conversation's `survey` scale, shown when it is
// resolved). When a widget issue closes and its team surveys it, the request is recorded so the
// response rate counts it like an email or a Slack survey.
import { runCommand } from "../../commands/context";
import { recordCsatRequest } from "../../commands/csat";
import { csatSurveyOf } from "../../queries/csat";
import type { Services } from "../../services";

export async function recordWidgetSurvey(services: Services, data: { workspaceId: string; issueId: string }) {
  const survey = await csatSurveyOf(services.database.db, data.workspaceId, data.issueId);
  if ("skip" in survey || survey.issue.channel !== "widget") return;
  const { issue, scale, resolution } = survey;
  await runCommand(services, { workspaceId: issue.workspaceId, actor: { type: "system", name: "widget" } }, (ctx) =>
    recordCsatRequest(ctx, issue.id, { channel: "widget", resolution, scale }),
  );
}
