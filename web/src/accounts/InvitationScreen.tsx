// Where an invitation link lands: which organisation (and team) it is for, from whom, and an accept button for a
// signed-in person; anyone else signs in first and comes back here.
import { useCallback, useEffect, useState } from 'react';
import { accountsApi, type InvitationPreview } from '../api/accounts.ts';
import { ApiError } from '../api/http.ts';
import { Link, navigate, organisationPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';
import { useAccountSession } from './account-session.tsx';
import { forgetInvitationToken, keepInvitationToken, keptInvitationToken, takeFragmentToken } from './fragment-token.ts';
import { roleWords } from './role-words.ts';
import { reasonOf } from './use-load.ts';

const isFinal = (e: ApiError) => e.code === 'gone' || e.status === 404;

export function InvitationScreen() {
  const { state } = useAccountSession();
  const [token] = useState(() => {
    const fromLink = takeFragmentToken();
    if (fromLink) keepInvitationToken(fromLink);
    return fromLink ?? keptInvitationToken();
  });
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [accepting, setAccepting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    if (!token) return;
    setLoadError(null);
    accountsApi.invitation(token).then(
      (r) => setPreview(r.invitation),
      (e: unknown) => {
        const error = e instanceof ApiError ? e : new ApiError('network', String(e), 0);
        // A used, expired or unknown invitation will never work: stop carrying it around.
        if (isFinal(error)) forgetInvitationToken();
        setLoadError(error);
      },
    );
  }, [token]);
  useEffect(load, [load]);
  useEffect(() => {
    document.title = preview ? `Join ${preview.organisation.name} · Polarity` : 'An invitation · Polarity';
  }, [preview]);

  if (!token) {
    return (
      <div className="page narrow">
        <ErrorState
          title="This invitation link is incomplete"
          message="The address has no invitation in it. Open the link you were sent again, the whole of it."
        />
      </div>
    );
  }
  if (loadError) {
    const final = isFinal(loadError);
    return (
      <div className="page narrow">
        <ErrorState
          title={final ? 'This invitation cannot be used' : 'The invitation could not be loaded'}
          message={final ? `${loadError.message} Ask the person who invited you for a new one.` : loadError.message}
          onRetry={final ? undefined : load}
        />
      </div>
    );
  }
  if (!preview || state.status === 'loading') return <Loading label="Opening the invitation…" />;

  const person = state.status === 'ready' ? state.session.person : null;
  const accept = async () => {
    setAccepting(true);
    setError(null);
    try {
      const joined = await accountsApi.acceptInvitation(token);
      forgetInvitationToken();
      navigate(organisationPath(joined.organisation.id));
    } catch (e) {
      setError(reasonOf(e));
      setAccepting(false);
    }
  };
  const place = preview.team ? `the ${preview.team.name} team in ${preview.organisation.name}` : preview.organisation.name;
  return (
    <div className="page narrow">
      <p className="eyebrow">You are invited</p>
      <h1>Join {preview.organisation.name}</h1>
      <div className="card">
        <p className="lede">
          {preview.invitedBy ?? 'Someone'} invited you to {place} as {roleWords(preview.role)}.
        </p>
        <p className="muted">
          The invitation works once and until {new Date(preview.expiresAt).toLocaleDateString()}. Joining does not mean taking
          part: you decide that yourself, on your data page.
        </p>
        {person ? (
          <>
            <button type="button" className="btn btn-primary" onClick={accept} disabled={accepting}>
              {accepting ? 'Joining…' : `Accept as ${person.name}`}
            </button>
            <ActionError message={error} />
          </>
        ) : (
          <Link href={`/sign-in?returnTo=${encodeURIComponent('/invitation')}`} className="btn btn-primary">
            Sign in to accept
          </Link>
        )}
      </div>
    </div>
  );
}
