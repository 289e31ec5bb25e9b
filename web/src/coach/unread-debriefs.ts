// "Your debrief is ready": how many of the signed-in person's debriefs are unread, shared by the header link and the
// coach page. Debriefs are written a moment after a quest ends, so the list is polled (every minute while the tab is
// visible, and at once when it comes back into view); the coach page refreshes it after opening one.
import { useEffect, useState } from 'react';
import { coachApi, type DebriefSummary } from '../api/coach.ts';

export interface UnreadState {
  /** Unread debriefs, newest first; null until the first answer. */
  unread: DebriefSummary[] | null;
  /** Debriefs that became unread since the page loaded, for a polite announcement. */
  arrived: DebriefSummary[];
}

const POLL_MS = 60_000;

let state: UnreadState = { unread: null, arrived: [] };
const listeners = new Set<(s: UnreadState) => void>();
let inFlight: Promise<void> | null = null;

function publish(next: UnreadState): void {
  state = next;
  for (const l of listeners) l(state);
}

/** The person's whole list as just read (by the poll, or by the coach page loading it anyway). */
export function noteDebriefs(all: readonly DebriefSummary[]): void {
  const unread = all.filter((d) => d.unread);
  const known = new Set((state.unread ?? []).map((d) => d.id));
  const fresh = state.unread === null ? [] : unread.filter((d) => !known.has(d.id));
  publish({ unread, arrived: fresh.length > 0 ? fresh : state.arrived.filter((d) => unread.some((u) => u.id === d.id)) });
}

/** Asks the server again; failures keep the last count (a badge is not worth an error message). */
export function refreshUnread(): Promise<void> {
  inFlight ??= coachApi
    .debriefs()
    .then(noteDebriefs)
    .catch(() => undefined)
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** Forget everything (signing out, deleting one's coaching). */
export function resetUnread(): void {
  publish({ unread: null, arrived: [] });
}

/** The unread debriefs of the signed-in person, polled while `signedIn`. */
export function useUnreadDebriefs(signedIn: boolean): UnreadState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    return () => {
      listeners.delete(setS);
    };
  }, []);
  useEffect(() => {
    if (!signedIn) {
      resetUnread();
      return;
    }
    void refreshUnread();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refreshUnread();
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshUnread();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [signedIn]);
  return s;
}
