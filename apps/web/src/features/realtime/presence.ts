// Who else is on an issue: frames from colleagues, kept per issue, expiring when a browser
// goes quiet (closed laptop) since "left" is not guaranteed to arrive.
import { useEffect, useMemo, useState } from "react";
import { createStore, useStore } from "../../ui/store";
import { type Activity, type PresenceFrame, sendPresence, subscribe } from "./socket";

type Seen = { name: string; activity: Activity; at: number; customer: boolean };
const byIssue = createStore<Record<number, Record<string, Seen>>>({});

const HEARTBEAT_MS = 15_000;
const STALE_MS = 40_000;
const TYPING_MS = 6_000;
const TYPING_THROTTLE_MS = 2_500;

export function recordPresence(frame: PresenceFrame) {
  byIssue.set((all) => {
    const people = { ...(all[frame.issueNumber] ?? {}) };
    if (frame.activity === "left") delete people[frame.userId];
    else
      people[frame.userId] = {
        name: frame.name,
        activity: frame.activity,
        at: Date.now(),
        customer: frame.customer === true,
      };
    return { ...all, [frame.issueNumber]: people };
  });
}

/**
 * Colleagues on this issue now, typing ones first, and the customer while they type in the chat
 * widget (a customer is never shown as "viewing"); re-evaluated every few seconds.
 */
export function useColleagues(
  issueNumber: number,
): { name: string; activity: "viewing" | "typing"; customer: boolean }[] {
  const all = useStore(byIssue);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 3000);
    return () => clearInterval(timer);
  }, []);
  return Object.values(all[issueNumber] ?? {})
    .filter((seen) => now - seen.at < (seen.customer ? TYPING_MS : STALE_MS))
    .map((seen) => ({
      name: seen.name,
      activity: seen.activity === "typing" && now - seen.at < TYPING_MS ? ("typing" as const) : ("viewing" as const),
      customer: seen.customer,
    }))
    .sort((a, b) => (a.activity === b.activity ? a.name.localeCompare(b.name) : a.activity === "typing" ? -1 : 1));
}

/**
 * Announces "viewing" while mounted (with a heartbeat), "left" on the way out; returns a typing
 * ping (`reply`: a public reply is being typed, which the widget's customer may see).
 */
export function useAnnouncePresence(issueNumber: number, selfId: string): (reply: boolean) => void {
  useEffect(() => {
    const announce = () => sendPresence(issueNumber, "viewing");
    announce();
    const timer = setInterval(announce, HEARTBEAT_MS);
    // Answer a newcomer right away, so they see us now rather than at our next heartbeat.
    const seen = new Map<string, number>();
    const unsubscribe = subscribe({
      onHello: announce,
      onPresence: (frame) => {
        if (frame.issueNumber !== issueNumber || frame.userId === selfId) return;
        const last = seen.get(frame.userId);
        seen.set(frame.userId, Date.now());
        if (frame.activity === "viewing" && (last === undefined || Date.now() - last > STALE_MS)) announce();
        if (frame.activity === "left") seen.delete(frame.userId);
      },
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
      sendPresence(issueNumber, "left");
    };
  }, [issueNumber, selfId]);
  return useMemo(() => {
    let last = 0;
    let lastReply = false;
    return (reply: boolean) => {
      const now = Date.now();
      // Switching between reply and note is announced at once, so a note never rides on a reply's ping.
      if (now - last < TYPING_THROTTLE_MS && reply === lastReply) return;
      last = now;
      lastReply = reply;
      sendPresence(issueNumber, "typing", reply);
    };
  }, [issueNumber]);
}
