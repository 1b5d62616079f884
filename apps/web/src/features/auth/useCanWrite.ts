// What the signed-in person may change, and why not in their words: viewers read issues but
// change nothing (the server's rule, permissions.ts); controls they cannot use say so instead of
// failing with a permission error.
import { useMe } from "./useSession";

export const VIEWER_REASON = "Viewers can read issues but not change them. An admin can make you a member.";

export function useCanWrite(): { can: true; reason: null } | { can: false; reason: string } {
  const me = useMe();
  return me.role === "viewer" ? { can: false, reason: VIEWER_REASON } : { can: true, reason: null };
}
