// How a new issue finds its team, in order — the one statement (ROUTING_ORDER in the API
// vocabulary), shown where admins set up triggers and inboxes.
import { ROUTING_ORDER } from "@switchboard/api/vocabulary";
import { Link } from "wouter";
import "./routing.css";

export function RoutingOrder({ here }: { here: "triggers" | "inboxes" }) {
  return (
    <aside className="routing-order" aria-label="Routing order">
      <strong>How a new issue finds its team</strong>
      <ol>
        {ROUTING_ORDER.map((s, i) => (
          <li key={s.step} aria-current={(here === "triggers" ? i === 0 : i === 1) ? "step" : undefined}>
            <strong>{s.step}</strong> — {s.detail}
          </li>
        ))}
      </ol>
      <span className="muted small">
        Try a message in the <Link href="/settings/routing-tester">routing tester</Link> to see each step.
      </span>
    </aside>
  );
}
