// App-wide keys of the loop: z undoes the last change made by key (the newest toast with an
// action), and the g sequences go to the person's own places.
import { useLocation } from "wouter";
import { runToastAction } from "../../ui/Toasts";
import { latestAction } from "../../ui/toasts";
import { useMe } from "../auth/useSession";
import { useTeams } from "../directory/useDirectory";
import { useHotkeys } from "../shortcuts/hotkeys";
import { useViews } from "../views/useViews";
import { homePath } from "./myViews";
import { openNotifications } from "./notificationsPanel";

export function useHomePath(): string | null {
  const me = useMe();
  const views = useViews();
  const teams = useTeams();
  if (!views.data || !teams.data) return null;
  return homePath(views.data, teams.data, me.id);
}

export function useLoopHotkeys() {
  const [, navigate] = useLocation();
  const home = useHomePath();
  useHotkeys({
    z: () => {
      const toast = latestAction();
      if (toast) runToastAction(toast);
    },
    "g v": () => navigate(home ?? "/my-issues"),
    "g h": () => navigate(home ?? "/my-issues"),
    "g i": () => navigate("/my-issues"),
    "g n": () => openNotifications(),
  });
}
