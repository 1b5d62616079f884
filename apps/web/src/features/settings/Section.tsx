// A settings section's frame: its heading, a sentence on what it is for, and its main action.
import type { ReactNode } from "react";

type Props = { title: string; description: ReactNode; action?: ReactNode; children: ReactNode };

export function Section({ title, description, action, children }: Props) {
  return (
    <section className="settings-section" aria-labelledby="settings-section-title">
      <header className="settings-section-head">
        <div>
          <h2 id="settings-section-title">{title}</h2>
          <p className="muted">{description}</p>
        </div>
        {action && <div className="settings-section-action">{action}</div>}
      </header>
      {children}
    </section>
  );
}
