// Beside a reply that could not be sent: the setting that fixes it, as a link for an admin and
// as who to ask for everyone else (settings are an admin's).
import type { DeliveryFix } from "@switchboard/api/vocabulary";
import { Link } from "wouter";
import { useMe } from "../auth/useSession";

const SETTINGS: Record<DeliveryFix, { label: string; path: string }> = {
  outgoing_email: { label: "Settings › Outgoing email", path: "/settings/email-outgoing" },
  email_inboxes: { label: "Settings › Email inboxes", path: "/settings/inboxes" },
  slack_connection: { label: "Settings › Slack channels", path: "/settings/slack" },
};

export function DeliveryFixLink({ fix }: { fix: DeliveryFix | null }) {
  const me = useMe();
  if (!fix) return null;
  const { label, path } = SETTINGS[fix];
  if (me.role !== "admin") return <span className="muted">Ask an admin to fix it in {label}.</span>;
  return (
    <Link href={path} className="delivery-fix">
      Fix it in {label}
    </Link>
  );
}
