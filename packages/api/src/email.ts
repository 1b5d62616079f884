// Public API schemas of the email channel: inboxes, the outbox, inbound MIME intake.
import { z } from "zod";

const InboxAddress = z.string().trim().toLowerCase().email().max(254);

export const CreateInboxInput = z.strictObject({
  address: InboxAddress,
  name: z.string().trim().max(200).optional(),
  teamId: z.string().uuid().nullish(),
});
export const UpdateInboxInput = CreateInboxInput.partial();

export const OutboxQuery = z.strictObject({
  status: z.enum(["queued", "sent", "failed", "unsent"]).optional(),
});

/** Envelope recipients for POST /inboxes/inbound-mime; without them the To/Cc headers decide. */
export const InboundMimeQuery = z.strictObject({
  to: z.union([z.string().max(320), z.array(z.string().max(320)).max(50)]).optional(),
  from: z.string().max(320).optional(),
});
