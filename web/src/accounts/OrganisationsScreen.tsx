// A person's organisations, and starting a new one (the person who starts it is its first admin).
import { useCallback, useEffect } from 'react';
import { accountsApi } from '../api/accounts.ts';
import { Link, navigate, organisationPath } from '../app/router.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { NameForm } from './NameForm.tsx';
import { SignedInOnly } from './SignedInOnly.tsx';
import { useLoad } from './use-load.ts';

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
  return (
    <NameForm
      title="Start an organisation"
      level={2}
      help="You become its admin. It has a free 14-day trial; after that it is $20 per active person per month."
      label="Organisation name"
      missing="Enter the organisation’s name."
      action="Create organisation"
      busyAction="Creating…"
      create={async (name) => {
        const made = await accountsApi.createOrganisation(name);
        navigate(organisationPath(made.organisation.id));
      }}
    />
  );
}
