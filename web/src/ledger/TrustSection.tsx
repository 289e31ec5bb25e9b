// The team's trust timeline: specific breaks and specific repairs, in time order. Most are read from the ledger
// (commitments, plan changes, trade-off records); the team records the rest itself.
import { useCallback, useId, useState } from 'react';
import { useLoad } from '../accounts/use-load.ts';
import { ledgerApi, type TrustKind } from '../api/ledger.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { useSave } from '../ui/use-save.ts';
import type { SectionProps } from './LedgerScreen.tsx';
import { formatDay, TRUST_WORDS } from './words.ts';

/** What a team records by hand; the rest is read from the ledger. */
const RECORDABLE: TrustKind[] = [
  'deadline_imposed_without_engineering',
  'dismissed_concern_caused_incident',
  'engineering_in_discovery',
  'break_acknowledged',
];

export function TrustSection({ teamId }: SectionProps) {
  const timeline = useLoad(useCallback(() => ledgerApi.trustTimeline(teamId), [teamId]));
  const id = useId();
  const [kind, setKind] = useState<TrustKind>('deadline_imposed_without_engineering');
  const [note, setNote] = useState('');
  const { busy, error, setError, send } = useSave();
  const [status, setStatus] = useState('');
  const record = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!note.trim()) {
      setError('Say specifically what happened: the break is always specific, and so is the repair.');
      return;
    }
    await send(async () => {
      await ledgerApi.recordTrustEvent(teamId, { kind, note: note.trim() });
      setNote('');
      setStatus('Recorded on the timeline.');
      timeline.reload();
    });
  };
  return (
    <div className="ledger-columns">
      <section className="ledger-main" aria-labelledby="trust-h">
        <h2 id="trust-h">Breaks and repairs</h2>
        {timeline.error ? (
          <ErrorState title="The timeline could not be loaded" message={timeline.error.message} onRetry={timeline.reload} />
        ) : !timeline.data ? (
          <Loading label="Loading the timeline…" />
        ) : timeline.data.events.length === 0 ? (
          <Empty>Nothing on the timeline yet. Breaks and repairs appear as commitments, plans and trade-offs change.</Empty>
        ) : (
          <>
            <p>
              {timeline.data.breaks} break{timeline.data.breaks === 1 ? '' : 's'} · {timeline.data.repairs} repair
              {timeline.data.repairs === 1 ? '' : 's'}
            </p>
            <ol className="ledger-timeline">
              {timeline.data.events.map((e) => (
                <li key={`${e.kind}-${e.ref}-${e.at}`} className={`ledger-trust ledger-trust-${e.type}`}>
                  <span className={`badge ${e.type === 'break' ? 'badge-failure' : 'badge-success'}`}>
                    {e.type === 'break' ? 'Break' : 'Repair'}
                  </span>{' '}
                  <time dateTime={e.at}>{formatDay(e.at)}</time> · <strong>{TRUST_WORDS[e.kind]}</strong>: {e.text}
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
      <aside className="ledger-side">
        <form className="card ledger-form" onSubmit={record} noValidate aria-labelledby={`${id}-h`}>
          <h2 id={`${id}-h`} className="card-title">
            Record a moment
          </h2>
          <div className="field">
            <label htmlFor={`${id}-k`} className="field-label">
              What happened
            </label>
            <select id={`${id}-k`} className="select" value={kind} onChange={(e) => setKind(e.target.value as TrustKind)}>
              {RECORDABLE.map((k) => (
                <option key={k} value={k}>
                  {TRUST_WORDS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-n`} className="field-label">
              Specifically
            </label>
            <textarea id={`${id}-n`} className="input" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <ActionError message={error} />
          <p role="status" className="muted">
            {status}
          </p>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Record it
          </button>
        </form>
      </aside>
    </div>
  );
}
