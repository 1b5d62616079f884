// The `webhooks.send` job: sends a webhook's due deliveries of one issue in event order, each
// attempt claimed and recorded by commands/webhooks.ts around the HTTP request.
import type { Actor } from "../../commands/actors";
import { runCommand } from "../../commands/context";
import { claimNextDelivery, recordAttempt, type WebhookLimits } from "../../commands/webhooks";
import type { Services } from "../../services";
import { sendDelivery } from "./send";

const SYSTEM: Actor = { type: "system", name: "webhooks" };

export const limitsOf = (services: Services): WebhookLimits => ({
  maxAttempts: services.config.WEBHOOKS_MAX_ATTEMPTS,
  retryBaseSeconds: services.config.WEBHOOKS_RETRY_BASE_SECONDS,
  disableAfter: services.config.WEBHOOKS_DISABLE_AFTER,
});

export async function sendIssueQueue(
  services: Services,
  job: { workspaceId: string; webhookId: string; issueId: string },
): Promise<void> {
  const scope = { workspaceId: job.workspaceId, actor: SYSTEM };
  for (;;) {
    const claim = await runCommand(services, scope, (ctx) => claimNextDelivery(ctx, job.webhookId, job.issueId));
    if (claim.kind !== "send") return;
    const sent = await sendDelivery(
      claim.delivery,
      { url: claim.webhook.url, secret: services.secrets.open(claim.webhook.secretSealed) },
      {
        allowPrivate: services.config.WEBHOOKS_ALLOW_PRIVATE === "1",
        timeoutMs: services.config.WEBHOOKS_TIMEOUT_MS,
        now: services.now,
      },
    );
    const { next } = await runCommand(services, scope, (ctx) =>
      recordAttempt(ctx, claim.delivery, sent, limitsOf(services)),
    );
    if (next === "stop") return;
  }
}
