// Left rail: search, my issues, notifications, the views (personal, team, workspace) with live
// open counts, settings, and who is signed in.
import { Link, useRoute } from "wouter";
import type { View } from "../../api/types";
import { AccountMenu } from "../auth/AccountMenu";
import { useMe } from "../auth/useSession";
import { useTeams } from "../directory/useDirectory";
import { openPalette } from "../issue/focus";
import { useViewCounts, useViews } from "../views/useViews";
import { NotificationsBell } from "./NotificationsBell";

const GROUPS: [View["ownerType"], string][] = [
  ["user", "Personal"],
  ["team", "Team"],
  ["workspace", "Workspace"],
];

export function Sidebar({ onNewView }: { onNewView: () => void }) {
  const me = useMe();
  const views = useViews();
  const counts = useViewCounts();
  const teams = useTeams();
  const teamName = (id: string | null) => teams.data?.find((t) => t.id === id)?.name;
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar-head">
        <span className="brand">Switchboard</span>
      </div>
      <button type="button" className="search-trigger" onClick={() => openPalette()}>
        <span>Search or run…</span>
        <kbd>⌘K</kbd>
      </button>
      <NavLink href="/my-issues" label="My issues" icon="◉" />
      <NavLink href="/analytics" label="Analytics" icon="▤" />
      <NotificationsBell />
      <div className="nav-section">
        <div className="nav-section-head">
          <span>Views</span>
          <button type="button" className="icon-button" aria-label="New view" title="New view" onClick={onNewView}>
            +
          </button>
        </div>
        {views.isPending && <p className="nav-note">Loading views…</p>}
        {views.isError && <p className="nav-note error">Views did not load.</p>}
        {views.data?.length === 0 && <p className="nav-note">No views yet.</p>}
        {GROUPS.map(([type, label]) => {
          const group = views.data?.filter((v) => v.ownerType === type) ?? [];
          if (group.length === 0) return null;
          return (
            <div key={type} className="nav-group">
              <div className="nav-group-label">{label}</div>
              {group.map((view) => (
                <NavLink
                  key={view.id}
                  href={`/views/${view.id}`}
                  label={view.name}
                  hint={type === "team" ? teamName(view.ownerTeamId) : undefined}
                  count={counts.data?.[view.id]}
                />
              ))}
            </div>
          );
        })}
      </div>
      <div className="sidebar-foot">
        {me.role === "admin" && <NavLink href="/settings" label="Settings" icon="⚙" />}
        <AccountMenu user={me} />
      </div>
    </nav>
  );
}

function NavLink({
  href,
  label,
  icon,
  hint,
  count,
}: {
  href: string;
  label: string;
  icon?: string;
  hint?: string;
  count?: number;
}) {
  const [active] = useRoute(href === "/settings" ? "/settings/*?" : href);
  return (
    <Link href={href} className={active ? "nav-item active" : "nav-item"} aria-current={active ? "page" : undefined}>
      {icon && <span aria-hidden="true">{icon}</span>}
      <span className="nav-label" title={hint ? `${label} · ${hint}` : label}>
        {label}
      </span>
      {count !== undefined && (
        <span className="count">
          {count}
          <span className="visually-hidden"> open</span>
        </span>
      )}
    </Link>
  );
}
