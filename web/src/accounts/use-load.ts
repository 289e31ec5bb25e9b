// One page's data from the server: loading, the answer, or the error with a retry.
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/http.ts';

export type Loaded<T> = { data: T | null; error: ApiError | null; reload(): void; set(data: T): void };

export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = useCallback(() => {
    setError(null);
    load().then(setData, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError('network', String(e), 0)));
  }, [load]);
  useEffect(reload, [reload]);
  return { data, error, reload, set: setData };
}

/** The message for a control whose request failed, ready to show next to it. */
export function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
