// The seed story's internal Slack channels and when agents start an internal thread in each.
// Their ids are placeholders until the demo workspace connects a Slack app with these channels.

import type { CommandContext } from "../commands/context";
import { saveInternalChannel } from "../commands/internalThreads";

export const DEMO_INTERNAL_CHANNELS = [
  {
    slackChannelId: "CDEMOPRODQ",
    name: "product-questions",
    purpose: "Whether our product can do X. Product, Eng and Design watch it.",
  },
  { slackChannelId: "CDEMOBUGS", name: "bugs-daily", purpose: "Bugs. Product, Eng and Design watch it." },
  {
    slackChannelId: "CDEMOFEEDB",
    name: "product-feedback",
    purpose: "Not a bug, but feedback for future product development. Product, Eng and Design watch it.",
  },
  { slackChannelId: "CDEMODESIGN", name: "design-nit", purpose: "The UI could be better. Design watches it." },
  {
    slackChannelId: "CDEMOSECURE",
    name: "security-helpdesk",
    purpose: "Security questions. The security team and our external security advisor watch it.",
  },
];

export async function seedInternalChannels(ctx: CommandContext): Promise<void> {
  for (const channel of DEMO_INTERNAL_CHANNELS) await saveInternalChannel(ctx, channel);
}
