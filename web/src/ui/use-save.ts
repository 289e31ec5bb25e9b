// One form's (or button row's) round trip to the server over HTTP: busy while it is under way, so the buttons are
// disabled and nothing is sent twice, and the server's reason in plain words when it refuses. A form's own checks
// set `error` directly before anything is sent. (Socket.IO actions, which answer with an Ack, use use-action.ts.)
import { useState } from 'react';
import { reasonOf } from '../accounts/use-load.ts';

export function useSave() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Runs `change` (the request and what follows it on success); a throw shows its reason next to the form. */
  const send = async (change: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await change();
    } catch (err) {
      setError(reasonOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, send };
}
