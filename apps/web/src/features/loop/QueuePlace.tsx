// The issue's place in the view it was opened from, with the keys that move through it.
import type { useIssueNavigation } from "./useIssueNavigation";

export function QueuePlace({ nav }: { nav: ReturnType<typeof useIssueNavigation> }) {
  if (!nav.place) return null;
  return (
    <span className="queue-place muted small" title={`Issue ${nav.place.index} of ${nav.place.of} in this view`}>
      {nav.place.index} of {nav.place.of}
      <span className="queue-keys">
        <kbd>j</kbd>
        <kbd>k</kbd> move · <kbd>Esc</kbd> back
      </span>
    </span>
  );
}
