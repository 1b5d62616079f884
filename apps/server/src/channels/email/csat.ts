// CSAT by email: when an email issue closes, its requester gets a short mail with five one-click
// links (signed and expiring, see domain/csatLink.ts) from the inbox the conversation used. The
// answer lands on /csat (http/routes/csatLink.ts), the same command as the widget's rating.
import { runCommand } from "../../commands/context";
import { recordCsatRequest } from "../../commands/csat";
import { publicUrlOf } from "../../config";
import { CSAT_LINK_DAYS, csatToken } from "../../domain/csatLink";
import { csatChoices } from "../../domain/csatSurvey";
import { csatAlreadyRequested, csatSurveyOf } from "../../queries/csat";
import type { Services } from "../../services";
import { escapeHtml } from "./quoted";
import { requesterEmail, sendingInbox } from "./sender";
import { NoTransport, sendWorkspaceMail } from "./transport";

export interface ClosedIssue {
  workspaceId: string;
  issueId: string;
}

export async function askForCsatByEmail(services: Services, data: ClosedIssue): Promise<void> {
  const db = services.database.db;
  // The team's setting and the closing decide (domain/csatSurvey.ts): no survey for noise.
  const survey = await csatSurveyOf(db, data.workspaceId, data.issueId);
  if ("skip" in survey || survey.issue.channel !== "email") return;
  const { issue, scale, resolution } = survey;
  if (await csatAlreadyRequested(db, issue.id, resolution, "email")) return;
  const [inbox, to] = [await sendingInbox(services, issue), await requesterEmail(services, issue)];
  if (!inbox || !to) return;
  const now = services.now?.() ?? new Date();
  const token = csatToken(services.secrets, {
    workspaceId: issue.workspaceId,
    issueId: issue.id,
    resolution,
    expiresAt: now.getTime() + CSAT_LINK_DAYS * 86_400_000,
  });
  const base = publicUrlOf(services.config);
  const links = csatChoices(scale).map((c) => ({
    label: scale === "thumbs" ? `${c.emoji} ${c.label}` : `${c.score} · ${c.label}`,
    url: `${base}/csat?t=${token}&score=${c.score}`,
  }));
  try {
    await sendWorkspaceMail(services, issue.workspaceId, {
      from: { name: inbox.name || "Support", address: inbox.address },
      to,
      subject: `How did we do? Re: ${issue.title}`,
      text: [
        `Your request "${issue.title}" (#${issue.number}) is resolved. How did we do?`,
        "",
        ...links.map((l) => `${l.label}: ${l.url}`),
      ].join("\n"),
      html: `<p>Your request <strong>${escapeHtml(issue.title)}</strong> (#${issue.number}) is resolved. How did we do?</p><p>${links
        .map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`)
        .join(" &nbsp; ")}</p>`,
      headers: { "X-Switchboard-Issue": String(issue.number), "Auto-Submitted": "auto-generated" },
    });
  } catch (error) {
    // Without an outgoing server the survey is skipped; the reply outbox already says why.
    if (error instanceof NoTransport) return;
    throw error;
  }
  await runCommand(services, { workspaceId: issue.workspaceId, actor: { type: "system", name: "email" } }, (ctx) =>
    recordCsatRequest(ctx, issue.id, { channel: "email", resolution, scale }),
  );
}
