// Who a public email reply goes to: the requester (To), the thread's Cc as the customer last
// wrote it, and anyone the agent copies in here (kept on later replies by the server).
import { useState } from "react";
import type { Issue } from "../../api/types";
import { useMessages } from "./useIssue";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Props = { issue: Issue; added: string[]; onChange: (cc: string[]) => void };

export function Recipients({ issue, added, onChange }: Props) {
  const messages = useMessages(issue.number);
  const [adding, setAdding] = useState(false);
  const [entry, setEntry] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const threadCc =
    [...(messages.data ?? [])].reverse().find((m) => m.channel === "email" && m.emailCc.length > 0)?.emailCc ?? [];
  const add = () => {
    const address = entry.trim().toLowerCase().replace(/,$/, "");
    if (!address) return setAdding(false);
    if (!EMAIL.test(address)) return setProblem(`“${address}” is not an email address.`);
    if (!added.includes(address) && !threadCc.includes(address)) onChange([...added, address]);
    setEntry("");
    setProblem(null);
  };
  return (
    <fieldset className="recipients" aria-label="Recipients">
      <div className="recipients-line">
        <span className="muted">To</span>
        <span className="chip">{issue.requester?.email ?? "No email address on the requester"}</span>
      </div>
      <div className="recipients-line">
        <span className="muted">Cc</span>
        {threadCc.map((a) => (
          <span key={a} className="chip" title="On the thread's Cc">
            {a}
          </span>
        ))}
        {added.map((a) => (
          <span key={a} className="chip">
            {a}
            <button
              type="button"
              className="chip-x"
              aria-label={`Remove ${a} from Cc`}
              onClick={() => onChange(added.filter((x) => x !== a))}
            >
              ×
            </button>
          </span>
        ))}
        {adding ? (
          <input
            className="recipients-input"
            type="email"
            aria-label="Add Cc"
            placeholder="name@company.com, Enter to add"
            // biome-ignore lint/a11y/noAutofocus: opened by the agent's own click or key on "Add Cc"
            autoFocus
            value={entry}
            onChange={(e) => setEntry(e.target.value)}
            onBlur={add}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === ",") {
                e.preventDefault();
                add();
              }
              if (e.key === "Escape") setAdding(false);
            }}
          />
        ) : (
          <button type="button" className="link-button" onClick={() => setAdding(true)}>
            {threadCc.length + added.length === 0 ? "Add Cc" : "+ Cc"}
          </button>
        )}
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
