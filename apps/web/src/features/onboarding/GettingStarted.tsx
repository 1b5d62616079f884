// The empty workspace's guide: the three things that bring issues and people in — connect Slack,
// add an email inbox, invite colleagues — each ticked off once done, each one click away.
import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { request } from "../../api/client";
import { useMe } from "../auth/useSession";
import "./onboarding.css";

type Step = { id: string; title: string; text: string; href: string; action: string; done: boolean | undefined };

/** A count from a settings list; undefined while unknown (or when this server lacks the route). */
function useCount(path: string, enabled: boolean) {
  const query = useQuery({
    queryKey: ["directory", "settings", path],
    queryFn: ({ signal }) => request<{ items: unknown[] }>(path, { signal }),
    enabled,
    retry: false,
  });
  return query.data?.items.length;
}

export function GettingStarted() {
  const me = useMe();
  const isAdmin = me.role === "admin";
  const slack = useQuery({
    queryKey: ["directory", "settings", "/slack/connection"],
    queryFn: ({ signal }) => request<{ connected: boolean }>("/slack/connection", { signal }),
    enabled: isAdmin,
    retry: false,
  });
  const inboxes = useCount("/inboxes", isAdmin);
  const users = useCount("/users", true);
  const invitations = useCount("/invitations", isAdmin);
  const steps: Step[] = [
    {
      id: "slack",
      title: "Connect Slack",
      text: "Every customer message in your shared Slack channels becomes an issue, and your replies go back in the thread.",
      href: "/settings/slack",
      action: "Connect Slack",
      done: slack.data?.connected,
    },
    {
      id: "inbox",
      title: "Add an email inbox",
      text: "Forward support@ (or any address) to Switchboard; each new thread is an issue, answered from here.",
      href: "/settings/inboxes",
      action: "Add an inbox",
      done: inboxes === undefined ? undefined : inboxes > 0,
    },
    {
      id: "invite",
      title: "Invite colleagues",
      text: "Bring your team in with a role and their teams; they pick their own password.",
      href: "/settings/invitations",
      action: "Invite colleagues",
      done: users === undefined ? undefined : users > 1 || (invitations ?? 0) > 0,
    },
  ];
  return (
    <section className="getting-started" aria-labelledby="getting-started-title">
      <h1 id="getting-started-title">Welcome to Switchboard</h1>
      <p className="muted">
        Your workspace is empty. Three steps bring your customers' conversations and your team in.
        {!isAdmin && " Ask an admin of your workspace to do them."}
      </p>
      <ol className="getting-started-steps">
        {steps.map((step, i) => (
          <li key={step.id} className={step.done ? "done" : undefined}>
            <span className="step-number" aria-hidden="true">
              {step.done ? "✓" : i + 1}
            </span>
            <div className="step-body">
              <h2>{step.title}</h2>
              <p className="muted">{step.text}</p>
            </div>
            {step.done ? (
              <span className="badge status-on">Done</span>
            ) : (
              isAdmin && (
                <Link href={step.href} className="button primary">
                  {step.action}
                </Link>
              )
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
