// On the issue page: j / k to the next / previous issue of the list or board the agent came
// from, Esc back to it (with that issue selected), and `next()` for reply-and-next.
import { useLocation } from "wouter";
import { useStore } from "../../ui/store";
import { showToast } from "../../ui/toasts";
import { requestComposer } from "../issue/focus";
import { useHotkeys } from "../shortcuts/hotkeys";
import { issueQueue, neighbour, rememberPosition } from "./queue";

export function useIssueNavigation(number: number) {
  const queue = useStore(issueQueue);
  const [, navigate] = useLocation();
  const at = queue ? queue.numbers.indexOf(number) : -1;

  const go = (step: 1 | -1, options: { compose?: boolean } = {}) => {
    const to = neighbour(queue, number, step);
    if (to === null || !queue) {
      if (step === 1 && queue && at >= 0) {
        showToast("That was the last issue of this view.");
        back();
      }
      return;
    }
    rememberPosition(queue.from, to);
    // Reply-and-next lands with the cursor in the next issue's reply box.
    if (options.compose) requestComposer("public");
    navigate(`/issues/${to}`);
  };
  const back = () => {
    if (!queue) return navigate("/");
    rememberPosition(queue.from, number);
    navigate(queue.from);
  };

  useHotkeys({ j: () => go(1), k: () => go(-1), Escape: back });

  return {
    /** 1-based place in the queue and its length, when the issue was opened from a list or board. */
    place: at >= 0 && queue ? { index: at + 1, of: queue.numbers.length, from: queue.from } : null,
    hasNext: neighbour(queue, number, 1) !== null,
    next: () => go(1, { compose: true }),
    back,
  };
}
