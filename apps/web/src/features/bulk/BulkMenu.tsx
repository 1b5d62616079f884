// The bulk menus (assign to, move to team, state, priority, tags): type to filter, Enter to
// apply to every selected issue. The same cmdk dialog as the command palette.
import { Command } from "cmdk";
import { useState } from "react";
import { useStore } from "../../ui/store";
import { useMe } from "../auth/useSession";
import { useTags, useTeams, useUsers } from "../directory/useDirectory";
import { PriorityIcon } from "../issueDisplay/IssueBadges";
import { ISSUE_STATES, PRIORITIES, PRIORITY_LABELS, STATE_LABELS } from "../issueDisplay/labels";
import type { BulkChange } from "./api";
import { type BulkPage, bulkMenu } from "./selection";
import { useBulkUpdate } from "./useBulkUpdate";
import "../palette/palette.css";

type Option = { id: string; label: string; change: BulkChange; done: string };

const TITLES: Record<BulkPage, string> = {
  assign: "Assign to",
  team: "Move to team",
  state: "Set state",
  priority: "Set priority",
  tags: "Add or remove a tag",
};

export function BulkMenu({ count }: { count: number }) {
  const page = useStore(bulkMenu);
  const [search, setSearch] = useState("");
  const options = useOptions(page);
  const bulk = useBulkUpdate();
  const close = () => {
    setSearch("");
    bulkMenu.set(null);
  };
  const shown = options.filter((o) => o.label.toLowerCase().includes(search.trim().toLowerCase()));
  return (
    <Command.Dialog
      open={page !== null}
      onOpenChange={(open) => !open && close()}
      label={page ? `${TITLES[page]} (${count} issues)` : "Bulk change"}
      shouldFilter={false}
      overlayClassName="palette-overlay"
      contentClassName="palette"
    >
      <div className="palette-crumb">
        {count} selected › {page && TITLES[page]}
      </div>
      <Command.Input value={search} onValueChange={setSearch} placeholder="Filter…" />
      <Command.List>
        <Command.Empty>No match.</Command.Empty>
        {shown.map((o) => (
          <Command.Item
            key={o.id}
            value={o.id}
            onSelect={() => {
              close();
              bulk.apply(o.change, o.done);
            }}
          >
            {o.change.priority && <PriorityIcon priority={o.change.priority} />}
            {o.label}
          </Command.Item>
        ))}
      </Command.List>
    </Command.Dialog>
  );
}

function useOptions(page: BulkPage | null): Option[] {
  const me = useMe();
  const users = useUsers();
  const teams = useTeams();
  const tags = useTags();
  switch (page) {
    case "assign":
      return [
        { id: "me", label: `Me (${me.name})`, change: { assigneeUserId: me.id }, done: "Assigned to you" },
        ...(users.data ?? [])
          .filter((u) => u.id !== me.id && u.role !== "viewer")
          .map((u) => ({ id: u.id, label: u.name, change: { assigneeUserId: u.id }, done: `Assigned to ${u.name}` })),
        { id: "none", label: "Unassigned", change: { assigneeUserId: null }, done: "Unassigned" },
      ];
    case "team":
      return [
        ...(teams.data ?? []).map((t) => ({
          id: t.id,
          label: t.name,
          change: { teamId: t.id },
          done: `Moved to ${t.name}`,
        })),
        { id: "none", label: "No team", change: { teamId: null }, done: "Removed from their team" },
      ];
    case "state":
      return ISSUE_STATES.map((s) => ({
        id: s,
        label: STATE_LABELS[s],
        change: { state: s },
        done: `Moved to ${STATE_LABELS[s]}`,
      }));
    case "priority":
      return PRIORITIES.map((p) => ({
        id: p,
        label: PRIORITY_LABELS[p],
        change: { priority: p },
        done: `Set to ${PRIORITY_LABELS[p]}`,
      }));
    case "tags":
      return (tags.data ?? []).flatMap((t) => [
        { id: `add-${t.id}`, label: `Add tag ${t.name}`, change: { addTags: [t.name] }, done: `Tagged ${t.name}` },
        {
          id: `remove-${t.id}`,
          label: `Remove tag ${t.name}`,
          change: { removeTags: [t.name] },
          done: `Untagged ${t.name}`,
        },
      ]);
    default:
      return [];
  }
}
