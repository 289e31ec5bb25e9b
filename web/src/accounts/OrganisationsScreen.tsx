// A person's organisations, and starting a new one (the person who starts it is its first admin).
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { accountsApi } from '../api/accounts.ts';
import { Link, navigate, organisationPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { SignedInOnly } from './SignedInOnly.tsx';
import { reasonOf, useLoad } from './use-load.ts';

export function OrganisationsScreen() {
  useEffect(() => {
    document.title = 'My organisations · Polarity';
  }, []);
  return <SignedInOnly>{() => <Organisations />}</SignedInOnly>;
}

function Organisations() {
  const me = useLoad(useCallback(() => accountsApi.me(), []));
  if (me.error) {
    return (
      <div className="page narrow">
        <ErrorState title="Your organisations could not be loaded" message={me.error.message} onRetry={me.reload} />
      </div>
    );
  }
  if (!me.data) return <Loading label="Loading your organisations…" />;
  const { memberships, consent } = me.data;
  return (
    <div className="page narrow">
      <div className="page-head">
        <p className="eyebrow">Your account</p>
        <h1>My organisations</h1>
      </div>
      {consent.status !== 'taking_part' && (
        <p className="notice notice-calm">
          You are not taking part yet, so nothing about you is recorded. <Link href="/me">Read what taking part means</Link>.
        </p>
      )}
      {memberships.length === 0 ? (
        <Empty>You do not belong to an organisation yet. Open an invitation link, or start one below.</Empty>
      ) : (
        <ul className="account-list">
          {memberships.map((m) => (
            <li key={m.organisation.id} className="card">
              <h2 className="card-title">
                <Link href={organisationPath(m.organisation.id)}>{m.organisation.name}</Link>
              </h2>
              <p className="muted">
                {m.role === 'admin' ? 'Organisation admin' : 'Member'}
                {m.teams.length > 0 &&
                  ` · ${m.teams.map((t) => (t.role === 'lead' ? `leads ${t.name}` : `in ${t.name}`)).join(', ')}`}
              </p>
              {m.readOnly && <p className="warn-note">{m.readOnly}</p>}
            </li>
          ))}
        </ul>
      )}
      <NewOrganisation />
    </div>
  );
}

function NewOrganisation() {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const helpId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Enter the organisation’s name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const made = await accountsApi.createOrganisation(name.trim());
      navigate(organisationPath(made.organisation.id));
    } catch (err) {
      setError(reasonOf(err));
      setBusy(false);
    }
  };
  return (
    <form className="card account-form" onSubmit={submit} noValidate aria-labelledby="new-org-title">
      <h2 id="new-org-title" className="card-title">
        Start an organisation
      </h2>
      <p className="field-help" id={helpId}>
        You become its admin. It has a free 14-day trial; after that it is $20 per active person per month.
      </p>
      <label htmlFor={nameId} className="field-label">
        Organisation name
      </label>
      <div className="row">
        <input
          id={nameId}
          className="input grow"
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          aria-describedby={helpId}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create organisation'}
        </button>
      </div>
      <ActionError message={error} />
    </form>
  );
}
