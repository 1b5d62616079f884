// The portal's gate and frame: the sign-in page until the customer has a session, then their
// requests, one request's thread, and the forms to open a new one, under a header with the
// help center's search.
import type { PortalMe } from "@switchboard/api";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Route, Switch, useLocation } from "wouter";
import { PortalError, portalApi } from "./api";
import { HelpArticlePage } from "./HelpArticlePage";
import { HelpSearch } from "./HelpSearch";
import { IssuePage } from "./IssuePage";
import { IssuesPage } from "./IssuesPage";
import { LoginPage } from "./LoginPage";
import { usePortalLive } from "./live";
import { NewRequestPage } from "./NewRequestPage";

export const ME_KEY = ["portal", "me"];

export function PortalApp() {
  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: () =>
      portalApi
        .me()
        .catch((error: unknown) =>
          error instanceof PortalError && error.status === 401 ? null : Promise.reject(error),
        ),
  });
  const site = useQuery({ queryKey: ["portal", "site"], queryFn: portalApi.site });
  if (me.isPending || site.isPending) return <p className="portal-boot">Loading…</p>;
  if (site.isError) return <p className="portal-boot">This support portal does not exist.</p>;
  if (me.isError) return <p className="portal-boot">{me.error.message}</p>;
  if (!me.data) return <LoginPage siteName={site.data.name} helpUrl={site.data.helpUrl} />;
  return <SignedIn me={me.data} />;
}

function SignedIn({ me }: { me: PortalMe }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  usePortalLive();
  const logOut = async () => {
    await portalApi.logOut();
    queryClient.setQueryData(ME_KEY, null);
    navigate("/");
  };
  return (
    <div className="portal">
      <header className="portal-header">
        <Link href="/" className="portal-brand">
          {me.site.name} <span>Support</span>
        </Link>
        <HelpSearch helpUrl={me.site.helpUrl} />
        <nav className="portal-nav">
          <a href={me.site.helpUrl}>Help center</a>
          <span className="portal-who" title={me.email ?? undefined}>
            {me.name}
            {me.accountName && <small> · {me.accountName}</small>}
          </span>
          <button type="button" className="portal-link" onClick={logOut}>
            Sign out
          </button>
        </nav>
      </header>
      <main className="portal-main">
        <Switch>
          <Route path="/new/:formId">{(params) => <NewRequestPage formId={params.formId} />}</Route>
          <Route path="/help/:slug">
            {(params) => <HelpArticlePage slug={params.slug} helpUrl={me.site.helpUrl} />}
          </Route>
          <Route path="/issues/:number">{(params) => <IssuePage number={Number(params.number)} />}</Route>
          <Route path="/login">{() => <RedirectHome />}</Route>
          <Route>
            <IssuesPage me={me} />
          </Route>
        </Switch>
      </main>
    </div>
  );
}

function RedirectHome() {
  const [, navigate] = useLocation();
  navigate("/", { replace: true });
  return null;
}
