// Account pages need a signed-in person: while the session loads say so, and without one offer to sign in and
// come back here.
import type { ReactNode } from 'react';
import type { SignedInPerson } from '../api/accounts.ts';
import { Link } from '../app/router.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';
import { useAccountSession } from './account-session.tsx';

export function SignedInOnly({ children }: { children: (person: SignedInPerson) => ReactNode }) {
  const { state, reload } = useAccountSession();
  if (state.status === 'loading') return <Loading label="Checking who is signed in…" />;
  if (state.status === 'unavailable') {
    return (
      <div className="page narrow">
        <ErrorState title="Accounts are not available" message={state.error.message} onRetry={() => void reload()} />
      </div>
    );
  }
  const person = state.session.person;
  if (!person) {
    const here = `${location.pathname}${location.search}`;
    return (
      <div className="page narrow">
        <h1>Sign in to continue</h1>
        <p className="lede">This page belongs to your account. Sign in and you will come straight back here.</p>
        <Link href={`/sign-in?returnTo=${encodeURIComponent(here)}`} className="btn btn-primary">
          Sign in
        </Link>
      </div>
    );
  }
  return <>{children(person)}</>;
}
