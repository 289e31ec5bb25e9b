// One control's round trip to the server: pending while waiting, and the server's reason when it refuses, so the
// message appears next to the control that caused it.
import { useCallback, useRef, useState } from 'react';
import type { Ack } from '../api/types.ts';

export interface Action {
  pending: boolean;
  error: string | null;
  run<T>(send: () => Promise<Ack<T>>): Promise<boolean>;
  fail(message: string): void;
  clear(): void;
}

/** Server reasons are written to be read after a colon; next to a control they read as a sentence. */
function sentence(message: string): string {
  const s = message.trim();
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : 'The server refused that.';
}

export function useAction(): Action {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const run = useCallback(async <T>(send: () => Promise<Ack<T>>) => {
    if (busy.current) return false;
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      const ack = await send();
      if (!ack.ok) setError(sentence(ack.error.message));
      return ack.ok;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      busy.current = false;
      setPending(false);
    }
  }, []);
  return { pending, error, run, fail: setError, clear: useCallback(() => setError(null), []) };
}
