// The bell: unread count, and a panel of mentions and assignments that opens the issue. The
// panel lives at the top of the page (a portal), above the board, the issue page and dialogs.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { createPortal } from "react-dom";
import { useLocation } from "wouter";
import { listNotifications, markNotificationsRead } from "../../api/client";
import type { Notification } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useStore } from "../../ui/store";
import { ageLabel } from "../../ui/time";
import { showError } from "../../ui/toasts";
import { closeNotifications, notificationsOpen } from "../loop/notificationsPanel";

export function NotificationsBell() {
  const open = useStore(notificationsOpen);
  const setOpen = (next: (open: boolean) => boolean) => notificationsOpen.set(next);
  const panel = useRef<HTMLDivElement>(null);
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ["notifications"], queryFn: ({ signal }) => listNotifications(signal) });
  // Opened by key or click: the keyboard goes to the first notification, Esc closes.
  const loaded = list.isSuccess;
  useEffect(() => {
    const first =
      panel.current?.querySelector<HTMLButtonElement>(".note-item") ?? panel.current?.querySelector("button");
    if (open && loaded) first?.focus();
  }, [open, loaded]);
  const mark = useMutation({
    mutationFn: markNotificationsRead,
    onError: (error) => showError("Could not mark notifications read", error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["notifications"] }),
  });
  const unread = list.data?.unread ?? 0;
  const toggle = () => setOpen((o) => !o);
  const openOne = (n: Notification) => {
    if (!n.readAt) mark.mutate([n.id]);
    closeNotifications();
    if (n.data.issueNumber) navigate(`/issues/${n.data.issueNumber}`);
  };
  return (
    <div className="bell">
      <button
        type="button"
        className="nav-item"
        aria-expanded={open}
        aria-label={`Notifications, ${unread} unread`}
        onClick={toggle}
      >
        <BellIcon /> Notifications
        {unread > 0 && <span className="count unread">{unread}</span>}
      </button>
      {open &&
        createPortal(
          <div
            ref={panel}
            className="popover notifications"
            role="dialog"
            aria-label="Notifications"
            onKeyDown={(e) => {
              if (e.key === "Escape") closeNotifications();
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                const items = [...(panel.current?.querySelectorAll<HTMLButtonElement>(".note-item") ?? [])];
                const at = items.findIndex((b) => b === document.activeElement);
                items[Math.max(0, Math.min(items.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))]?.focus();
              }
            }}
          >
            <div className="popover-head">
              <strong>Notifications</strong>
              <button type="button" className="link-button" disabled={unread === 0} onClick={() => mark.mutate("all")}>
                Mark all read
              </button>
            </div>
            {list.isPending && <p className="state-line">Loading…</p>}
            {list.isError && <ErrorNotice error={list.error} onRetry={() => list.refetch()} />}
            {list.data?.items.length === 0 && <p className="state-line empty">Nothing yet.</p>}
            <ul>
              {list.data?.items.slice(0, 30).map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    className={n.readAt ? "note-item" : "note-item unread"}
                    onClick={() => openOne(n)}
                  >
                    <span>
                      <strong>{n.data.by ?? "Someone"}</strong>{" "}
                      {n.kind === "mention" ? "mentioned you on" : "assigned you"} #{n.data.issueNumber} {n.data.title}
                    </span>
                    {n.data.excerpt && <span className="muted excerpt">{n.data.excerpt}</span>}
                    <span className="muted">{ageLabel(n.createdAt)} ago</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>,
          document.body,
        )}
    </div>
  );
}

function BellIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
      <path d="M8 1.5a4.5 4.5 0 0 0-4.5 4.5v2.8L2 11v1h12v-1l-1.5-2.2V6A4.5 4.5 0 0 0 8 1.5ZM6.2 13a1.8 1.8 0 0 0 3.6 0H6.2Z" />
    </svg>
  );
}
