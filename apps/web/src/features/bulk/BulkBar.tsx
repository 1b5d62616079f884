// The bar under a list or board while issues are selected: what each bulk key does, clickable
// too, and the menu it opens. A viewer sees why they cannot change the selection.
import { useStore } from "../../ui/store";
import { useMe } from "../auth/useSession";
import { BulkMenu } from "./BulkMenu";
import { type BulkPage, bulkMenu, clearSelection, selection } from "./selection";
import { useBulkUpdate } from "./useBulkUpdate";
import "./bulk.css";

const ACTIONS: [BulkPage, string, string][] = [
  ["assign", "Assign…", "a"],
  ["team", "Move to team…", "t"],
  ["state", "State…", "s"],
  ["priority", "Priority…", "p"],
  ["tags", "Tags…", "l"],
];

export function BulkBar() {
  const { numbers } = useStore(selection);
  const me = useMe();
  const bulk = useBulkUpdate();
  if (numbers.length === 0) return null;
  const viewer = me.role === "viewer";
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected issues">
      <strong>{numbers.length} selected</strong>
      {viewer ? (
        <span className="muted">Viewers can read issues but not change them; an admin can make you a member.</span>
      ) : (
        <>
          {ACTIONS.map(([page, label, key]) => (
            <button key={page} type="button" className="button small" onClick={() => bulkMenu.set(page)}>
              {label} <kbd>{key}</kbd>
            </button>
          ))}
          <button
            type="button"
            className="button small"
            disabled={bulk.pending}
            onClick={() => bulk.apply({ state: "closed" }, "Closed")}
          >
            Close <kbd>e</kbd>
          </button>
        </>
      )}
      <button type="button" className="link-button" onClick={clearSelection}>
        Clear <kbd>Esc</kbd>
      </button>
      {!viewer && <BulkMenu count={numbers.length} />}
    </div>
  );
}
