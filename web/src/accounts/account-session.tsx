// Who is signed in, shared by the header and every account page. Loaded once from GET /api/auth/session and
// reloaded after signing in or out; `unavailable` means this server has no accounts (or could not be reached).
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type AuthSession, accountsApi } from '../api/accounts.ts';
import { ApiError } from '../api/http.ts';

export type AccountState =
  | { status: 'loading' }
  | { status: 'ready'; session: AuthSession }
  | { status: 'unavailable'; error: ApiError };

interface AccountContext {
  state: AccountState;
  reload(): Promise<void>;
  signOut(): Promise<void>;
}

const Context = createContext<AccountContext | null>(null);

export function AccountSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AccountState>({ status: 'loading' });
  const reload = useCallback(async () => {
    try {
      setState({ status: 'ready', session: await accountsApi.session() });
    } catch (e) {
      setState({ status: 'unavailable', error: e instanceof ApiError ? e : new ApiError('network', String(e), 0) });
    }
  }, []);
  const signOut = useCallback(async () => {
    await accountsApi.signOut();
    await reload();
  }, [reload]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const value = useMemo(() => ({ state, reload, signOut }), [state, reload, signOut]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useAccountSession(): AccountContext {
  const ctx = useContext(Context);
  if (!ctx) throw new Error('useAccountSession needs an AccountSessionProvider above it');
  return ctx;
}

/** The path to come back to after signing in: only paths on this site (never `//host`). */
export function safeReturnTo(value: string | null | undefined): string | null {
  return value?.startsWith('/') && !value.startsWith('//') ? value : null;
}
