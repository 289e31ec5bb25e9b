// Signing in: Sign in with Slack when the server has it, an email link, and in embedded or demo mode a demo
// sign-in that needs no address at all.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type AuthSession, accountsApi } from '../api/accounts.ts';
import { Link, navigate, organisationPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';
import { safeReturnTo, useAccountSession } from './account-session.tsx';
import { reasonOf } from './use-load.ts';

export function SignInScreen() {
  const { state, reload } = useAccountSession();
  const params = new URLSearchParams(location.search);
  const returnTo = safeReturnTo(params.get('returnTo'));
  const slackError = params.get('error') === 'slack' ? (params.get('reason') ?? 'Slack did not sign you in.') : null;
  useEffect(() => {
    document.title = 'Sign in · Polarity';
  }, []);

  if (state.status === 'loading') return <Loading label="Checking who is signed in…" />;
  if (state.status === 'unavailable') {
    return (
      <div className="page narrow">
        <ErrorState title="Signing in is not available" message={state.error.message} onRetry={() => void reload()} />
      </div>
    );
  }
  const { session } = state;
  if (session.person) {
    return (
      <div className="page narrow">
        <h1>You are signed in</h1>
        <p className="lede">
          Signed in as <strong>{session.person.name}</strong>
          {session.person.email ? ` (${session.person.email})` : ''}.
        </p>
        <div className="row">
          <Link href={returnTo ?? '/orgs'} className="btn btn-primary">
            {returnTo ? 'Continue' : 'Go to my organisations'}
          </Link>
          <Link href="/me" className="btn btn-secondary">
            My data and consent
          </Link>
        </div>
      </div>
    );
  }
  const { methods } = session;
  const none = !methods.slack && !methods.email && !methods.demo;
  return (
    <div className="page narrow">
      <div className="page-head">
        <p className="eyebrow">Your account</p>
        <h1>Sign in to Polarity</h1>
        <p className="lede">Your account keeps your organisation, your teams and your choice about taking part.</p>
      </div>
      {slackError && (
        <p className="notice" role="alert">
          Signing in with Slack did not work: {slackError}. Try again, or use another way below.
        </p>
      )}
      {none && <p className="notice">This server has no way to sign in set up yet. Ask whoever runs it.</p>}
      <div className="account-stack">
        {methods.slack && (
          <section className="card" aria-labelledby="slack-title">
            <h2 id="slack-title" className="card-title">
              With Slack
            </h2>
            <p className="muted">Uses your Slack workspace account; Polarity never sees your Slack password.</p>
            <a className="btn btn-primary btn-wide" href={accountsApi.slackStartPath(returnTo ?? '/orgs')}>
              Sign in with Slack
            </a>
          </section>
        )}
        {methods.email && <EmailLinkForm session={session} returnTo={returnTo} />}
        {methods.demo && <DemoSignIn returnTo={returnTo} onSignedIn={reload} />}
      </div>
    </div>
  );
}

function EmailLinkForm({ session, returnTo }: { session: AuthSession; returnTo: string | null }) {
  const [email, setEmail] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ to: string; delivery: 'smtp' | 'log' | null } | null>(null);
  const emailId = useId();
  const errorId = useId();
  const sentHeading = useRef<HTMLHeadingElement>(null);
  // The form is replaced by its answer: move focus there so keyboard and screen reader users hear it.
  useEffect(() => {
    if (sent) sentHeading.current?.focus();
  }, [sent]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const to = email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)) {
      setError('Enter your email address, like name@example.com.');
      return;
    }
    setSending(true);
    setError(null);
    try {
      const answer = await accountsApi.signInWithEmail(to, returnTo ?? undefined);
      setSent({ to, delivery: answer.delivery ?? session.methods.emailDelivery });
    } catch (err) {
      setError(reasonOf(err));
    } finally {
      setSending(false);
    }
  };

  if (sent) {
    return (
      <section className="card" aria-labelledby="email-sent-title">
        <h2 id="email-sent-title" className="card-title" tabIndex={-1} ref={sentHeading}>
          Check your email
        </h2>
        {sent.delivery === 'log' ? (
          <p>
            This server runs in embedded mode without an email service, so the sign-in link for <strong>{sent.to}</strong> is
            printed in the <strong>server log</strong>. Open it from there in this browser.
          </p>
        ) : (
          <p>
            We sent a sign-in link to <strong>{sent.to}</strong>. Open it in this browser within 15 minutes; it works once.
          </p>
        )}
        <button type="button" className="btn btn-quiet" onClick={() => setSent(null)}>
          Use another address
        </button>
      </section>
    );
  }
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="email-title">
      <h2 id="email-title" className="card-title">
        With an email link
      </h2>
      <label htmlFor={emailId} className="field-label">
        Email address
      </label>
      <div className="row">
        <input
          id={emailId}
          className="input grow"
          type="email"
          autoComplete="email"
          value={email}
          maxLength={254}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        <button type="submit" className="btn btn-primary" disabled={sending}>
          {sending ? 'Sending…' : 'Email me a link'}
        </button>
      </div>
      <ActionError message={error} id={errorId} />
    </form>
  );
}

function DemoSignIn({ returnTo, onSignedIn }: { returnTo: string | null; onSignedIn: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<'member' | 'lead' | 'admin'>('admin');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const roleId = useId();
  const errorId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Enter a name for your demo account.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await accountsApi.signInAsDemo(trimmed, role);
      await onSignedIn();
      navigate(returnTo ?? organisationPath(answer.organisation.id));
    } catch (err) {
      setError(reasonOf(err));
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="demo-title">
      <h2 id="demo-title" className="card-title">
        Try the demo
      </h2>
      <p className="muted">No address needed: you join the shared demo organisation, which is never billed.</p>
      <div className="field">
        <label htmlFor={nameId} className="field-label">
          Your name
        </label>
        <input
          id={nameId}
          className="input"
          value={name}
          maxLength={80}
          autoComplete="nickname"
          onChange={(e) => setName(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={roleId} className="field-label">
          Try it as
        </label>
        <select
          id={roleId}
          className="select"
          value={role}
          onChange={(e) => setRole(e.target.value as 'member' | 'lead' | 'admin')}
        >
          <option value="admin">An organisation admin</option>
          <option value="lead">A team lead</option>
          <option value="member">A team member</option>
        </select>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in to the demo'}
      </button>
      <ActionError message={error} id={errorId} />
    </form>
  );
}
