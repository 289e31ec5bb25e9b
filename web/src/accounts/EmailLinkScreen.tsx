// Where an emailed sign-in link lands: the token in the fragment is posted to the server once, then the person
// continues where they meant to go.
import { useEffect, useRef, useState } from 'react';
import { accountsApi } from '../api/accounts.ts';
import { Link, navigate } from '../app/router.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';
import { safeReturnTo, useAccountSession } from './account-session.tsx';
import { takeFragmentToken } from './fragment-token.ts';
import { reasonOf } from './use-load.ts';

export function EmailLinkScreen() {
  const { reload } = useAccountSession();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    document.title = 'Signing in · Polarity';
    // Strict mode runs effects twice in development; a link works only once.
    if (started.current) return;
    started.current = true;
    const token = takeFragmentToken();
    if (!token) {
      setError('This address has no sign-in token. Open the link from your email again, the whole of it.');
      return;
    }
    accountsApi.verifyEmailLink(token).then(
      async (answer) => {
        await reload();
        navigate(safeReturnTo(answer.returnTo) ?? '/orgs', { replace: true });
      },
      (e: unknown) => setError(reasonOf(e)),
    );
  }, [reload]);

  if (!error) return <Loading label="Signing you in…" />;
  return (
    <div className="page narrow">
      <ErrorState title="This sign-in link did not work" message={error}>
        <p className="muted">Links work once, for 15 minutes, in any browser.</p>
        <Link href="/sign-in" className="btn btn-primary">
          Get a new link
        </Link>
      </ErrorState>
    </div>
  );
}
