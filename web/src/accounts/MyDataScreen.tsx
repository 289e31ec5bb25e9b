// A person's own page: whether they take part, the notice in plain words, and their data: export it, pause,
// or withdraw (which deletes what was recorded). Every choice is theirs and nobody is told which they made.
import { useCallback, useEffect, useState } from 'react';
import { accountsApi, type Consent } from '../api/accounts.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { ConfirmTwice } from '../ui/ConfirmTwice.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';
import { SignedInOnly } from './SignedInOnly.tsx';
import { reasonOf, useLoad } from './use-load.ts';

export function MyDataScreen() {
  useEffect(() => {
    document.title = 'My data and consent · Polarity';
  }, []);
  return <SignedInOnly>{() => <MyData />}</SignedInOnly>;
}

const STATUS_WORDS: Record<Consent['status'], string> = {
  taking_part: 'You are taking part.',
  paused: 'Taking part is paused: nothing new is recorded.',
  not_taking_part: 'You are not taking part: nothing about you is recorded.',
};

function MyData() {
  const consent = useLoad(useCallback(() => accountsApi.consent(), []));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (consent.error) {
    return (
      <div className="page narrow">
        <ErrorState title="Your choices could not be loaded" message={consent.error.message} onRetry={consent.reload} />
      </div>
    );
  }
  if (!consent.data) return <Loading label="Loading your choices…" />;
  const c = consent.data;
  const current = c.status === 'taking_part' && c.upToDate !== false;
  const choose = async (send: () => Promise<Consent>, words: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      consent.set(await send());
      setDone(words);
    } catch (e) {
      setError(reasonOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page narrow">
      <div className="page-head">
        <p className="eyebrow">Your account</p>
        <h1>My data and consent</h1>
      </div>
      <section className="card" aria-labelledby="consent-title">
        <h2 id="consent-title" className="card-title">
          Taking part
        </h2>
        <p className="consent-status" role="status">
          <strong>{STATUS_WORDS[c.status]}</strong>
          {c.status === 'taking_part' && c.upToDate === false && ' The notice has changed since you agreed: read it again.'}
        </p>
        <ul className="plain-list consent-summary">
          <li>Team leads and admins see only totals over groups of at least 5 people, never you in particular.</li>
          <li>Your coaching is private: only you see it.</li>
          <li>None of it is ever used for performance reviews, pay or promotion.</li>
        </ul>
        <details className="consent-notice" open={!current}>
          <summary>
            {c.notice.title} (version {c.notice.version})
          </summary>
          {c.notice.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </details>
        <div className="row">
          {!current && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => choose(() => accountsApi.optIn(c.notice.version), 'You are taking part.')}
            >
              {c.status === 'paused' ? 'Take part again' : 'I agree: take part'}
            </button>
          )}
          {c.status === 'taking_part' && (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy}
              onClick={() => choose(() => accountsApi.pause(), 'Paused. Nothing new is recorded until you take part again.')}
            >
              Pause
            </button>
          )}
        </div>
        <ActionError message={error} />
        {done && (
          <p className="done-note" role="status">
            {done}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title" className="card-title">
          Your data
        </h2>
        <p>
          Download everything Polarity holds about you as one JSON file: your account, sign-ins, organisations and teams, your
          choice about taking part, invitations, activity, quests, coaching and ledger entries.
        </p>
        <a className="btn btn-secondary" href={accountsApi.exportPath} download="polarity-my-data.json">
          Export my data
        </a>
      </section>
      <Withdraw onWithdrawn={consent.reload} />
    </div>
  );
}

function Withdraw({ onWithdrawn }: { onWithdrawn(): void }) {
  return (
    <section className="card" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title" className="card-title">
        Withdraw
      </h2>
      <p>
        Withdrawing stops you taking part and deletes what was recorded about you. Your account, organisations and teams stay, so
        you can take part again later.
      </p>
      <ConfirmTwice
        askLabel="Withdraw…"
        askClassName="btn btn-danger"
        confirmLabel="Yes, withdraw and delete"
        pendingLabel="Withdrawing…"
        cancelLabel="Cancel"
        warning={
          <>
            <p>
              <strong>This deletes, for good:</strong>
            </p>
            <ul className="plain-list">
              <li>what you did in quests (messages, proposals, votes, check-ins),</li>
              <li>your private coaching conversations,</li>
              <li>the trade-offs you wrote in the ledger,</li>
              <li>your consent record; your months of activity stay only as an anonymous count for billing.</li>
            </ul>
            <p>Export your data first if you want a copy.</p>
          </>
        }
        doneMessage="You have withdrawn. What was recorded about you is deleted."
        act={async () => {
          await accountsApi.withdraw();
        }}
        onDone={onWithdrawn}
      />
    </section>
  );
}
