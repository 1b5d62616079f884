// The signed-in user's name and the way out.
import type { User } from "../../api/types";
import { messageOf } from "../../ui/ErrorNotice";
import { useLogout } from "./useSession";

export function AccountMenu({ user }: { user: User }) {
  const logoutMutation = useLogout();
  return (
    <div className="account-menu">
      {logoutMutation.isError && (
        <span className="inline-error" role="alert">
          {messageOf(logoutMutation.error)}
        </span>
      )}
      <span className="user" title={user.email}>
        {user.name} <span className="muted">· {user.role}</span>
      </span>
      <button
        type="button"
        className="button small"
        onClick={() => logoutMutation.mutate()}
        disabled={logoutMutation.isPending}
      >
        Log out
      </button>
    </div>
  );
}
