// CSAT by email: when an email issue closes, its requester gets a short mail with five one-click
// links (signed and expiring, see domain/csatLink.ts) from the inbox the conversation used. The
// answer lands on /csat (http/routes/csatLink.ts), the same command as the widget's rating.
import { resolutionOf } from "../../commands/csat";
import { publicUrlOf } from "../../config";
import { CSAT_LINK_DAYS, csatToken } from "../../domain/csatLink";
import { loadIssueById } from "../../queries/csat";
import type { Services } from "../../services";
import { escapeHtml } from "./quoted";
import { requesterEmail, sendingInbox } from "./sender";
import { NoTransport, sendWorkspaceMail } from "./transport";

export interface ClosedIssue {
  workspaceId: string;
  issueId: string;
}

const LABELS = ["1 · Very poor", "2 · Poor", "3 · Okay", "4 · Good", "5 · Excellent"];

export async function askForCsatByEmail(services: Services, data: ClosedIssue): Promise<void> {
  const db = services.database.db;
  const issue = await loadIssueById(db, data.workspaceId, data.issueId);
  if (issue?.channel !== "email" || issue.state !== "closed") return;
  const [inbox, to] = [await sendingInbox(services, issue), await requesterEmail(services, issue)];
  if (!inbox || !to) return;
  const now = services.now?.() ?? new Date();
  const token = csatToken(services.secrets, {
    workspaceId: issue.workspaceId,
    issueId: issue.id,
    resolution: await resolutionOf(db, issue),
    expiresAt: now.getTime() + CSAT_LINK_DAYS * 86_400_000,
  });
  const base = publicUrlOf(services.config);
  const links = LABELS.map((label, i) => ({ label, url: `${base}/csat?t=${token}&score=${i + 1}` }));
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
}
