// Workspace settings: a left sub-nav of sections, the chosen one on the right. Admins edit;
// members and viewers look around read-only, with a clear notice. Loaded as its own chunk.
import { type ComponentType, useEffect, useRef } from "react";
import { Link, Redirect, useRoute } from "wouter";
import { useMe } from "../auth/useSession";
import { InternalChannelsSection } from "../internalThreads/InternalChannelsSection";
import { LinearSection } from "../linear/LinearSection";
import { RoutingTester } from "../routing/RoutingTester";
import { CanEditContext } from "./access";
import { AccountSection } from "./account/AccountSection";
import { AiAgentsSection } from "./ai/AiAgentsSection";
import { AuditLogSection } from "./audit/AuditLogSection";
import { InboxesSection } from "./channels/InboxesSection";
import { OutboxSection } from "./channels/OutboxSection";
import { OutgoingEmailSection } from "./channels/OutgoingEmailSection";
import { PortalFormsSection } from "./channels/PortalFormsSection";
import { QuarantineSection } from "./channels/QuarantineSection";
import { ReceivingEmailSection } from "./channels/ReceivingEmailSection";
import { SlackSection } from "./channels/SlackSection";
import { WidgetsSection } from "./channels/WidgetsSection";
import { CrmSection } from "./crm/CrmSection";
import { FieldsSection } from "./fields/FieldsSection";
import { ImportSection } from "./imports/ImportSection";
import { MacrosSection } from "./macros/MacrosSection";
import { InvitationsSection } from "./people/InvitationsSection";
import { UsersSection } from "./people/UsersSection";
import { SecuritySection } from "./security/SecuritySection";
import { SlaSection } from "./sla/SlaSection";
import { TagsSection } from "./tags/TagsSection";
import { TeamsSection } from "./teams/TeamsSection";
import { TokensSection } from "./tokens/TokensSection";
import { TriggersSection } from "./triggers/TriggersSection";
import { WebhooksSection } from "./webhooks/WebhooksSection";
import { WorkspaceSection } from "./workspace/WorkspaceSection";
import "./settings.css";

type SectionEntry = { id: string; label: string; component: ComponentType };

const GROUPS: { label: string; sections: SectionEntry[] }[] = [
  { label: "You", sections: [{ id: "account", label: "Your account", component: AccountSection }] },
  {
    label: "Workspace",
    sections: [
      { id: "workspace", label: "General", component: WorkspaceSection },
      { id: "invitations", label: "Invitations", component: InvitationsSection },
      { id: "teams", label: "Teams & members", component: TeamsSection },
      { id: "users", label: "Users & roles", component: UsersSection },
      { id: "fields", label: "Custom fields", component: FieldsSection },
      { id: "tags", label: "Tags", component: TagsSection },
      { id: "macros", label: "Macros", component: MacrosSection },
    ],
  },
  {
    label: "Channels",
    sections: [
      { id: "inboxes", label: "Email inboxes", component: InboxesSection },
      { id: "outbox", label: "Email outbox", component: OutboxSection },
      { id: "email-receiving", label: "Receiving email", component: ReceivingEmailSection },
      { id: "email-outgoing", label: "Outgoing email", component: OutgoingEmailSection },
      { id: "slack", label: "Slack channels", component: SlackSection },
      { id: "internal-channels", label: "Internal channels", component: InternalChannelsSection },
      { id: "widget", label: "Chat widget", component: WidgetsSection },
      { id: "portal-forms", label: "Portal forms", component: PortalFormsSection },
      { id: "quarantine", label: "Quarantine", component: QuarantineSection },
    ],
  },
  {
    label: "Automation",
    sections: [
      { id: "triggers", label: "Triggers", component: TriggersSection },
      { id: "ai-agents", label: "AI agents & runbooks", component: AiAgentsSection },
      { id: "routing-tester", label: "Routing tester", component: RoutingTester },
      { id: "sla", label: "Business hours & SLAs", component: SlaSection },
    ],
  },
  {
    label: "Integrations",
    sections: [
      { id: "linear", label: "Linear", component: LinearSection },
      { id: "crm", label: "CRM sync", component: CrmSection },
      { id: "import", label: "Import", component: ImportSection },
    ],
  },
  {
    label: "Developers",
    sections: [
      { id: "api-tokens", label: "API tokens", component: TokensSection },
      { id: "webhooks", label: "Webhooks", component: WebhooksSection },
      { id: "audit-log", label: "Audit log", component: AuditLogSection },
      { id: "security", label: "Security & SSO", component: SecuritySection },
    ],
  },
];

const ALL = GROUPS.flatMap((g) => g.sections);
/** Sections about the signed-in person, not the workspace: everyone edits their own. */
const PERSONAL = new Set(["account"]);

export function SettingsPage() {
  const me = useMe();
  const [, params] = useRoute("/settings/:section");
  const section = ALL.find((s) => s.id === params?.section);
  const isAdmin = me.role === "admin";
  const contentRef = useRef<HTMLDivElement>(null);

  // A new section starts at the top, like a new page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on section change only
  useEffect(() => {
    contentRef.current?.scrollTo({ top: 0 });
  }, [section?.id]);

  if (!params) return <Redirect to="/settings/teams" replace />;
  const Current = section?.component;
  return (
    <div className="settings-page">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <div className="settings-body">
        <nav className="settings-nav" aria-label="Settings sections">
          {GROUPS.map((group) => (
            <div key={group.label} className="settings-nav-group">
              <div className="nav-group-label">{group.label}</div>
              {group.sections.map((s) => (
                <Link
                  key={s.id}
                  href={`/settings/${s.id}`}
                  className={s.id === section?.id ? "nav-item active" : "nav-item"}
                  aria-current={s.id === section?.id ? "page" : undefined}
                >
                  {s.label}
                </Link>
              ))}
            </div>
          ))}
        </nav>
        <div className="settings-content" ref={contentRef}>
          {!isAdmin && !PERSONAL.has(section?.id ?? "") && (
            <div className="notice admins-only" role="status">
              <span>
                <strong>Admins only.</strong> Settings are managed by workspace admins; you are signed in as a {me.role}
                , so everything here is read-only.
              </span>
            </div>
          )}
          <CanEditContext.Provider value={isAdmin || PERSONAL.has(section?.id ?? "")}>
            {Current ? <Current /> : <p className="state-line empty">No settings section “{params.section}”.</p>}
          </CanEditContext.Provider>
        </div>
      </div>
    </div>
  );
}
