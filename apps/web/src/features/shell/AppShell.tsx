// The signed-in app: sidebar, the routed main area, and the global layers (palette, shortcut
// help, view editor, toasts). Owns the websocket and the app-wide shortcuts.
import { type ComponentType, lazy, Suspense, useState } from "react";
import { Redirect, Route, Switch, useLocation } from "wouter";
import type { View } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { Toasts } from "../../ui/Toasts";
import { AccountPage } from "../accounts/AccountPage";
import { AccountsPage } from "../accounts/AccountsPage";
import { AskPage } from "../ask/AskPage";
import { useMe } from "../auth/useSession";
import { BroadcastsPage } from "../broadcasts/BroadcastsPage";
import { IssuePage } from "../issue/IssuePage";
import { KnowledgePage } from "../knowledge/KnowledgePage";
import { useHomePath, useLoopHotkeys } from "../loop/useLoopHotkeys";
import { GettingStarted } from "../onboarding/GettingStarted";
import { CommandPalette } from "../palette/CommandPalette";
import { useRealtime } from "../realtime/useRealtime";
import { useHotkeys } from "../shortcuts/hotkeys";
import { ShortcutHelp } from "../shortcuts/ShortcutHelp";
import { TopicsPage } from "../topics/TopicsPage";
import { MyIssuesPage } from "../views/MyIssuesPage";
import { useViews } from "../views/useViews";
import { ViewEditor } from "../views/ViewEditor";
import { ViewPage } from "../views/ViewPage";
import { Sidebar } from "./Sidebar";
import "./shell.css";

// Settings are admin-only and large: a separate chunk, out of the agent's first load. Built by
// another feature; the glob finds it when present instead of breaking the build when not.
const settingsModules = import.meta.glob<{ SettingsPage: ComponentType }>("../settings/SettingsPage.tsx");
const loadSettings = settingsModules["../settings/SettingsPage.tsx"];
const SettingsPage = loadSettings ? lazy(() => loadSettings().then((m) => ({ default: m.SettingsPage }))) : null;

// Analytics and its chart library: their own chunk, loaded when the page is opened.
const AnalyticsPage = lazy(() => import("../analytics/AnalyticsPage").then((m) => ({ default: m.AnalyticsPage })));
const FeatureRequestsPage = lazy(() =>
  import("../linear/FeatureRequestsPage").then((m) => ({ default: m.FeatureRequestsPage })),
);

export type EditorState = { view: View | null } | null;

export function AppShell() {
  const me = useMe();
  useRealtime(me.id);
  const [, navigate] = useLocation();
  const views = useViews();
  const [help, setHelp] = useState(false);
  const [editor, setEditor] = useState<EditorState>(null);
  const firstView = views.data?.[0];
  const home = useHomePath();

  useHotkeys({ "?": () => setHelp(true) });
  useLoopHotkeys();

  return (
    <div className="shell">
      <Sidebar onNewView={() => setEditor({ view: null })} />
      <main className="main">
        <Switch>
          <Route path="/">
            {views.isError ? (
              <ErrorNotice error={views.error} onRetry={() => views.refetch()} />
            ) : firstView && home ? (
              <Redirect to={home} replace />
            ) : (
              <FirstRun loading={views.isPending || Boolean(firstView)} onCreate={() => setEditor({ view: null })} />
            )}
          </Route>
          <Route path="/views/:id">
            {(params) => <ViewPage key={params.id} id={params.id} onEdit={(view) => setEditor({ view })} />}
          </Route>
          <Route path="/my-issues" component={MyIssuesPage} />
          <Route path="/issues/:number">{(params) => <IssueRoute raw={params.number} />}</Route>
          <Route path="/knowledge/*?" component={KnowledgePage} />
          <Route path="/accounts" component={AccountsPage} />
          <Route path="/accounts/:id">{(params) => <AccountPage key={params.id} id={params.id} />}</Route>
          <Route path="/broadcasts/*?" component={BroadcastsPage} />
          <Route path="/topics/*?" component={TopicsPage} />
          <Route path="/ask" component={AskPage} />
          <Route path="/analytics/*?">
            <Suspense fallback={<p className="state-line">Loading analytics…</p>}>
              <AnalyticsPage />
            </Suspense>
          </Route>
          <Route path="/feature-requests">
            <Suspense fallback={<p className="state-line">Loading feature requests…</p>}>
              <FeatureRequestsPage />
            </Suspense>
          </Route>
          <Route path="/settings/*?">
            {SettingsPage ? (
              <Suspense fallback={<p className="state-line">Loading settings…</p>}>
                <SettingsPage />
              </Suspense>
            ) : (
              <p className="state-line empty">Settings are not available in this build.</p>
            )}
          </Route>
          <Route>
            <p className="state-line empty">This page does not exist.</p>
          </Route>
        </Switch>
      </main>
      {editor && (
        <ViewEditor
          view={editor.view}
          onClose={() => setEditor(null)}
          onSaved={(view) => {
            setEditor(null);
            navigate(`/views/${view.id}`);
          }}
        />
      )}
      <CommandPalette />
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      <Toasts />
    </div>
  );
}

function IssueRoute({ raw }: { raw: string }) {
  const number = Number(raw);
  if (!Number.isInteger(number) || number <= 0) return <p className="state-line empty">No issue #{raw}.</p>;
  return <IssuePage key={number} number={number} />;
}

function FirstRun({ loading, onCreate }: { loading: boolean; onCreate: () => void }) {
  if (loading)
    return (
      <p className="state-line" aria-busy="true">
        Loading views…
      </p>
    );
  return (
    <>
      <GettingStarted />
      <div className="empty-page first-view">
        <h1>No views yet</h1>
        <p className="muted">A view is a saved filter over issues — your team's queue, your accounts, anything.</p>
        <button type="button" className="button primary" onClick={onCreate}>
          Create a view
        </button>
      </div>
    </>
  );
}
