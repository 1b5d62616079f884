// Cmd/Ctrl+K: full-text search over issues and messages, go to a view, and actions on the
// issue in focus (assign to me, close, set priority, apply macro).
import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useEffect, useState } from "react";
import { useLocation } from "wouter";
import { listIssues } from "../../api/client";
import { useStore } from "../../ui/store";
import { useDebouncedValue } from "../../ui/useDebouncedValue";
import { useMe } from "../auth/useSession";
import { useMacros } from "../directory/useDirectory";
import { requestInternalThread } from "../internalThreads/api";
import { closePalette, focusedIssue, openPalette, type PalettePage, palette } from "../issue/focus";
import { useIssueActions } from "../issue/useIssueActions";
import { PriorityIcon, StateBadge } from "../issueDisplay/IssueBadges";
import { PRIORITIES, PRIORITY_LABELS } from "../issueDisplay/labels";
import { useViews } from "../views/useViews";
import "./palette.css";

/** Search-highlighted text: the pieces the query matched are marked. */
function Marked({ pieces }: { pieces: { text: string; match: boolean }[] }) {
  return (
    <>
      {pieces.map((p, k) =>
        // Pieces are positional and never reorder.
        // biome-ignore lint/suspicious/noArrayIndexKey: a piece's place in the text is its identity
        p.match ? <mark key={k}>{p.text}</mark> : <span key={k}>{p.text}</span>,
      )}
    </>
  );
}

const matches = (text: string, search: string) => text.toLowerCase().includes(search.trim().toLowerCase());

export function CommandPalette() {
  const state = useStore(palette);
  const current = useStore(focusedIssue);
  const me = useMe();
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search, 180).trim();
  const [, navigate] = useLocation();
  const views = useViews();
  const macros = useMacros();
  const actions = useIssueActions();
  const results = useQuery({
    queryKey: ["issues", "search", q],
    queryFn: ({ signal }) => listIssues({ q, limit: 10 }, signal),
    enabled: state.open && state.page === "root" && q.length >= 2,
    staleTime: 10_000,
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (palette.get().open) closePalette();
        else openPalette();
      }
    };
    document.addEventListener("keydown", onKey);
    // Says Ctrl+K now works, so a script (or a browser test) need not press it too early.
    document.documentElement.dataset.palette = "ready";
    return () => {
      document.removeEventListener("keydown", onKey);
      delete document.documentElement.dataset.palette;
    };
  }, []);
  useEffect(() => {
    if (!state.open) setSearch("");
  }, [state.open]);

  const toPage = (page: PalettePage) => {
    setSearch("");
    palette.set({ open: true, page });
  };
  const run = (fn: () => void) => () => {
    closePalette();
    fn();
  };
  const page = current === null && state.page !== "root" ? "root" : state.page;
  const issueActions =
    current === null || me.role === "viewer"
      ? []
      : [
          { id: "assign", label: "Assign to me", kbd: "a", fn: run(() => actions.assignToMe(current)) },
          { id: "close", label: "Close issue", kbd: "e", fn: run(() => actions.close(current)) },
          { id: "priority", label: "Set priority…", kbd: "p", fn: () => toPage("priority") },
          { id: "macro", label: "Apply macro…", kbd: "m", fn: () => toPage("macro") },
          {
            id: "internal",
            label: "Ask in an internal channel…",
            kbd: "i",
            fn: run(() => requestInternalThread(current)),
          },
        ].filter((a) => matches(a.label, search));
  const destinations = [
    { id: "mine", label: "My issues", href: "/my-issues" },
    { id: "broadcasts", label: "Broadcasts", href: "/broadcasts" },
    { id: "topics", label: "Common topics", href: "/topics" },
    { id: "ask", label: "Ask AI", href: "/ask" },
    ...(views.data ?? []).map((v) => ({ id: v.id, label: `View: ${v.name}`, href: `/views/${v.id}` })),
    ...(me.role === "admin" ? [{ id: "settings", label: "Settings", href: "/settings" }] : []),
  ].filter((g) => matches(g.label, search));

  return (
    <Command.Dialog
      open={state.open}
      onOpenChange={(open) => (open ? openPalette() : closePalette())}
      label="Command palette"
      shouldFilter={false}
      overlayClassName="palette-overlay"
      contentClassName="palette"
      onKeyDown={(e) => {
        if (page !== "root" && (e.key === "Escape" || (e.key === "Backspace" && !search))) {
          e.preventDefault();
          palette.set({ open: true, page: "root" });
        }
      }}
    >
      {current !== null && page !== "root" && (
        <div className="palette-crumb">
          #{current} › {page === "priority" ? "Set priority" : "Apply macro"}
        </div>
      )}
      <Command.Input
        value={search}
        onValueChange={setSearch}
        placeholder={page === "root" ? "Search issues, go to a view, or run an action…" : "Filter…"}
      />
      <Command.List>
        <Command.Empty>{results.isFetching ? "Searching…" : "No results."}</Command.Empty>
        {page === "priority" && current !== null && (
          <Command.Group heading={`Priority of #${current}`}>
            {PRIORITIES.filter((p) => matches(PRIORITY_LABELS[p], search)).map((p, i) => (
              <Command.Item key={p} value={`priority-${p}`} onSelect={run(() => actions.setPriority(current, p))}>
                <PriorityIcon priority={p} /> {PRIORITY_LABELS[p]}
                {i < 4 && <kbd className="item-kbd">{i + 1}</kbd>}
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {page === "macro" && current !== null && (
          <Command.Group heading={`Draft a reply to #${current} from a macro`}>
            {(macros.data ?? [])
              .filter((m) => matches(m.name, search))
              .map((m) => (
                <Command.Item key={m.id} value={`macro-${m.id}`} onSelect={run(() => actions.draftMacro(current, m))}>
                  {m.name}
                  {m.internal && <span className="muted"> · internal note</span>}
                </Command.Item>
              ))}
          </Command.Group>
        )}
        {page === "root" && (
          <>
            {issueActions.length > 0 && (
              <Command.Group heading={`Issue #${current}`}>
                {issueActions.map((a) => (
                  <Command.Item key={a.id} value={`action-${a.id}`} onSelect={a.fn}>
                    {a.label}
                    {a.kbd && <kbd className="item-kbd">{a.kbd}</kbd>}
                  </Command.Item>
                ))}
              </Command.Group>
            )}
            {destinations.length > 0 && (
              <Command.Group heading="Go to">
                {destinations.map((g) => (
                  <Command.Item key={g.id} value={`go-${g.id}`} onSelect={run(() => navigate(g.href))}>
                    {g.label}
                  </Command.Item>
                ))}
              </Command.Group>
            )}
            {q.length >= 2 && (
              <Command.Group heading={results.isFetching ? "Issues (searching…)" : "Issues"}>
                {results.isError && <div className="palette-note">Search failed: try again.</div>}
                {results.data?.items.map((i) => (
                  <Command.Item
                    key={i.id}
                    value={`issue-${i.number}`}
                    className="palette-result"
                    onSelect={run(() => navigate(`/issues/${i.number}`))}
                  >
                    <div className="palette-result-line">
                      <PriorityIcon priority={i.priority} />
                      <span className="muted">#{i.number}</span>
                      <span className="palette-title">
                        {i.highlight ? <Marked pieces={i.highlight.title} /> : i.title}
                      </span>
                      <span className="muted">{i.account?.name}</span>
                      <StateBadge state={i.state} />
                    </div>
                    {i.highlight?.snippet && (
                      <div className="palette-snippet" data-testid="search-snippet">
                        <Marked pieces={i.highlight.snippet} />
                      </div>
                    )}
                  </Command.Item>
                ))}
              </Command.Group>
            )}
          </>
        )}
      </Command.List>
    </Command.Dialog>
  );
}
