// The header's account corner: who is signed in, their pages, and signing out; or a sign-in link.
import { useState } from 'react';
import { Link, myInsightsPath, navigate } from '../app/router.tsx';
import { CoachLink } from '../coach/CoachLink.tsx';
import { useAccountSession } from './account-session.tsx';

export function AccountMenu() {
  const { state, signOut } = useAccountSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A server without accounts keeps the header as it was: quests work without signing in.
  if (state.status !== 'ready') return null;
  const person = state.session.person;
  if (!person) {
    return (
      <nav className="account-nav" aria-label="Account">
        <Link href="/sign-in" className="btn btn-secondary btn-small">
          Sign in
        </Link>
      </nav>
    );
  }
  const leave = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOut();
      navigate('/sign-in');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <nav className="account-nav" aria-label="Account">
      <p className="account-who">
        <span className="visually-hidden">Signed in as </span>
        <strong>{person.name}</strong>
        {person.demo && <span className="tag">demo</span>}
      </p>
      <Link href="/orgs" className="account-link">
        Organisations
      </Link>
      <Link href={myInsightsPath} className="account-link">
        My insights
      </Link>
      <CoachLink />
      <Link href="/me" className="account-link">
        My data
      </Link>
      <button type="button" className="btn btn-quiet btn-small" onClick={leave} disabled={busy}>
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
      {error && (
        <p className="action-error" role="alert">
          {error}
        </p>
      )}
    </nav>
  );
}
