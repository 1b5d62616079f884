// A trigger's dry run: which recent issues its conditions (saved or not) would match and, when
// few or none do, which condition kept the others out and what those issues had instead.
import { Link } from "wouter";
import { ErrorNotice } from "../../../ui/ErrorNotice";
import { dryRunTrigger } from "../api";
import { useSettingsMutation } from "../useSettings";
import { conditionWords, type NameOf, valueWords } from "./conditionWords";
import type { ConditionNode, DryRunResult, Trigger, TriggerEvent } from "./model";

type Props = {
  trigger: Trigger | null;
  conditions: ConditionNode;
  event: TriggerEvent;
  labelOf: (path: string) => string;
  nameOf: NameOf;
};

export function DryRun({ trigger, conditions, event, labelOf, nameOf }: Props) {
  const run = useSettingsMutation((id: string) => dryRunTrigger<DryRunResult>(id, conditions, 50, event));
  if (!trigger)
    return <p className="field-hint">Save the trigger (it can stay disabled) to test it against recent issues.</p>;
  const words = (c: Parameters<typeof conditionWords>[0]) => conditionWords(c, labelOf, nameOf);
  const data = run.data;
  return (
    <section className="dry-run" aria-label="Dry run">
      <div className="dry-run-head">
        <button type="button" className="button" onClick={() => run.mutate(trigger.id)} disabled={run.isPending}>
          {run.isPending ? "Checking…" : "Which recent issues would match?"}
        </button>
        <span className="muted small">Uses the conditions above, saved or not. Changes nothing.</span>
      </div>
      {run.isError && <ErrorNotice error={run.error} />}
      {data && (
        <div className="dry-run-result" role="status">
          <strong>
            {data.matches.length} of the last {data.checked} issues match.
          </strong>
          {data.asArrived && (
            <p className="muted small">
              Checked as each issue arrived — before the routing order gave it a team, an assignee or a priority —
              because that is what “Issue created” triggers see.
            </p>
          )}
          {data.matches.length > 0 && (
            <ul>
              {data.matches.map((m) => (
                <li key={m.number}>
                  <Link href={`/issues/${m.number}`}>#{m.number}</Link> {m.title}
                </li>
              ))}
            </ul>
          )}
          {data.checked === 0 && <p className="muted">There are no issues yet to check against.</p>}
          {data.failures.length > 0 && (
            <div className="dry-run-why">
              <strong>Why {data.matches.length === 0 ? "none match" : "the others do not"}:</strong>
              <ul>
                {data.failures.map((f) => (
                  <li key={`${f.field} ${f.op} ${JSON.stringify(f.value)}`}>
                    “{words(f)}” failed on {f.count} {f.count === 1 ? "issue" : "issues"}
                    {f.actuals.length > 0 && (
                      <span className="muted">
                        {" "}
                        — they had {f.actuals.map((a) => valueWords(a, nameOf)).join(" / ")}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
              <details>
                <summary>Per issue</summary>
                <ul>
                  {data.misses.map((m) => (
                    <li key={m.number}>
                      <Link href={`/issues/${m.number}`}>#{m.number}</Link> {m.title}
                      <span className="muted small">
                        {" "}
                        — {m.failed.map((t) => `${words(t)} (was ${valueWords(t.actual, nameOf)})`).join("; ")}
                      </span>
                    </li>
                  ))}
                </ul>
              </details>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
