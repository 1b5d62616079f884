// The demo's customer portal: one ticket form, so `npm start` shows a form to submit at
// /portal (a required select from the catalog and a free-text field customers fill in).
import type { CommandContext } from "../commands/context";
import { createCustomField } from "../commands/customFields";
import { createPortalForm } from "../commands/portal";

export async function seedPortalForm(ctx: CommandContext, supportTeamId: string | undefined): Promise<void> {
  await createCustomField(ctx, { object: "issue", key: "app_version", label: "App version", type: "text" });
  await createPortalForm(ctx, {
    name: "Report a bug",
    description: "Something in the product is broken or behaves unexpectedly.",
    fields: [
      { type: "custom_field", key: "product_area", required: true, helpText: "Where in the product did it happen?" },
      { type: "custom_field", key: "app_version", required: false, helpText: "Shown under Settings → About." },
    ],
    ...(supportTeamId && { defaultTeamId: supportTeamId }),
  });
}
