// Left rail: search, my issues, notifications, the views (personal, team, workspace) with live
// open counts, settings, and who is signed in.
import { Link, useLocation, useRoute } from "wouter";
import { AccountMenu } from "../auth/AccountMenu";
import { useMe } from "../auth/useSession";
import { useTeams } from "../directory/useDirectory";
import { openPalette } from "../issue/focus";
import { groupViews, type ViewGroups } from "../loop/myViews";
import { useViewCounts, useViews } from "../views/useViews";
import { NotificationsBell } from "./NotificationsBell";

const GROUPS: [keyof ViewGroups, string][] = [
  ["mine", "Mine"],
  ["myTeams", "My teams"],
  ["others", "Others"],
];

export function Sidebar({ onNewView }: { onNewView: () => void }) {
  const me = useMe();
  const views = useViews();
  const counts = useViewCounts();
  const teams = useTeams();
  const teamName = (id: string | null) => teams.data?.find((t) => t.id === id)?.name;
  const groups = groupViews(views.data ?? [], teams.data ?? [], me.id);
  const [location] = useLocation();
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
      <NavLink href="/accounts" label="Accounts" icon="◎" />
      <NavLink href="/analytics" label="Analytics" icon="▤" />
      <NavLink href="/feature-requests" label="Feature requests" icon="◆" />
      <NavLink href="/knowledge" label="Knowledge base" icon="❏" />
      <NavLink href="/broadcasts" label="Broadcasts" icon="✉" />
      <NavLink href="/topics" label="Common topics" icon="◈" />
      <NavLink href="/ask" label="Ask AI" icon="✦" />
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
        {GROUPS.map(([key, label]) => {
          const group = groups[key];
          if (group.length === 0) return null;
          const links = group.map((view) => (
            <NavLink
              key={view.id}
              href={`/views/${view.id}`}
              label={view.name}
              hint={view.ownerType === "team" ? teamName(view.ownerTeamId) : undefined}
              count={counts.data?.[view.id]}
            />
          ));
          // Other teams' and workspace views stay folded (open while one of them is on screen).
          return key === "others" ? (
            <details key={key} className="nav-group" open={group.some((v) => location === `/views/${v.id}`)}>
              <summary className="nav-group-label">
                {label} <span className="muted">({group.length})</span>
              </summary>
              {links}
            </details>
          ) : (
            <div key={key} className="nav-group">
              <div className="nav-group-label">{label}</div>
              {links}
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
  count?: string;
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
