// Commitments and their alerts. The alerts come first: due soon, slipping, and silently deprioritised (dropped
// from a plan, or planned past the date, with nobody renegotiating). A commitment's date changes only by an open
// renegotiation (new date, why, who agreed); it ends honoured or dropped with a reason.
import { useCallback, useId, useState } from 'react';
import { useLoad } from '../accounts/use-load.ts';
import { type Commitment, ledgerApi } from '../api/ledger.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { useSave } from '../ui/use-save.ts';
import { InputField, SelectField } from './Field.tsx';
import type { SectionProps } from './LedgerScreen.tsx';
import { ALERT_WORDS, formatDay, lines } from './words.ts';

export function CommitmentsSection({ teamId, team, me }: SectionProps) {
  const commitments = useLoad(useCallback(() => ledgerApi.commitments(teamId), [teamId]));
  const alerts = useLoad(useCallback(() => ledgerApi.alerts(teamId), [teamId]));
  const items = useLoad(useCallback(() => ledgerApi.items(teamId), [teamId]));
  const tradeOffs = useLoad(useCallback(() => ledgerApi.tradeOffs(teamId), [teamId]));
  const [status, setStatus] = useState('');
  const refresh = (message: string) => {
    commitments.reload();
    alerts.reload();
    setStatus(message);
  };
  const open = (commitments.data ?? []).filter((c) => c.status === 'open');
  const closed = (commitments.data ?? []).filter((c) => c.status !== 'open');
  return (
    <div className="ledger-columns">
      <div className="ledger-main">
        <section aria-labelledby="alerts-h">
          <h2 id="alerts-h">Alerts</h2>
          {alerts.error ? (
            <ErrorState title="The alerts could not be worked out" message={alerts.error.message} onRetry={alerts.reload} />
          ) : !alerts.data ? (
            <Loading label="Checking the commitments…" />
          ) : alerts.data.alerts.length === 0 ? (
            <Empty>Nothing needs attention: no commitment is due soon, slipping or quietly dropped.</Empty>
          ) : (
            <ul className="plain-list ledger-alerts">
              {alerts.data.alerts.map((a) => (
                <li key={a.commitmentId} className={`card ledger-alert ledger-alert-${a.kind}`}>
                  <p>
                    <strong>{ALERT_WORDS[a.kind]}:</strong> “{a.title}” ({a.ownerName}) {a.message}.
                  </p>
                  {a.deliveredAt && <p className="muted">Raised on {formatDay(a.deliveredAt)} and sent to its owner.</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <p className="visually-hidden" role="status" aria-live="polite">
          {status}
        </p>
        <section aria-labelledby="open-h">
          <h2 id="open-h">Open commitments</h2>
          {commitments.error ? (
            <ErrorState
              title="The commitments could not be loaded"
              message={commitments.error.message}
              onRetry={commitments.reload}
            />
          ) : !commitments.data ? (
            <Loading label="Loading the commitments…" />
          ) : open.length === 0 ? (
            <Empty>No open commitment. When a trade-off creates cleanup work, commit to it here with an owner and a date.</Empty>
          ) : (
            <ul className="plain-list">
              {open.map((c) => (
                <CommitmentCard key={c.id} teamId={teamId} c={c} meName={me.name} changed={refresh} />
              ))}
            </ul>
          )}
        </section>
        {closed.length > 0 && (
          <section aria-labelledby="closed-h">
            <h2 id="closed-h">Honoured and dropped</h2>
            <ul className="plain-list">
              {closed.map((c) => (
                <li key={c.id} className="card">
                  <strong>{c.title}</strong> · {c.status === 'honoured' ? 'honoured' : 'dropped'}
                  {c.closedAt && ` on ${formatDay(c.closedAt)}`}
                  {c.closeNote && `: ${c.closeNote}`}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <aside className="ledger-side">
        <NewCommitment
          teamId={teamId}
          team={team}
          items={items.data ?? []}
          tradeOffs={tradeOffs.data ?? []}
          created={(title) => refresh(`Committed to “${title}”.`)}
        />
      </aside>
    </div>
  );
}

function CommitmentCard({
  teamId,
  c,
  meName,
  changed,
}: {
  teamId: string;
  c: Commitment;
  meName: string;
  changed(m: string): void;
}) {
  const id = useId();
  const [mode, setMode] = useState<'none' | 'renegotiate' | 'drop'>('none');
  const [dueOn, setDueOn] = useState(c.dueOn);
  const [reason, setReason] = useState('');
  const [agreedBy, setAgreedBy] = useState(meName);
  const { busy, error, send } = useSave();
  const act = async (request: () => Promise<unknown>, done: string) => {
    await send(async () => {
      await request();
      setMode('none');
      changed(done);
    });
  };
  return (
    <li className="card ledger-commitment">
      <h3 className="ledger-item-title">{c.title}</h3>
      <p className="muted">
        {c.ownerName} · due {formatDay(c.dueOn)}
      </p>
      {c.renegotiations.length > 0 && (
        <ul className="ledger-history" aria-label={`Renegotiations of ${c.title}`}>
          {c.renegotiations.map((r) => (
            <li key={r.at}>
              {formatDay(r.at)}: moved from {formatDay(r.previousDueOn)} to {formatDay(r.newDueOn)}, because {r.reason} (agreed by{' '}
              {r.agreedBy.join(', ')})
            </li>
          ))}
        </ul>
      )}
      {mode === 'renegotiate' && (
        <form
          className="ledger-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act(
              () => ledgerApi.renegotiate(teamId, c.id, { dueOn, reason, agreedBy: lines(agreedBy.replace(/,/g, '\n')) }),
              'Renegotiated in the open.',
            );
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-due`} className="field-label">
              New date
            </label>
            <input id={`${id}-due`} type="date" className="input" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
          </div>
          <InputField id={`${id}-why`} label="Why" value={reason} onChange={(e) => setReason(e.target.value)} />
          <InputField
            id={`${id}-who`}
            label="Agreed by (names, comma-separated)"
            value={agreedBy}
            onChange={(e) => setAgreedBy(e.target.value)}
          />
          <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
            Record the new date
          </button>
        </form>
      )}
      {mode === 'drop' && (
        <form
          className="ledger-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => ledgerApi.drop(teamId, c.id, reason), 'Dropped, with the reason on record.');
          }}
        >
          <InputField id={`${id}-drop`} label="Why it is dropped" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="btn btn-danger btn-small" disabled={busy}>
            Drop the commitment
          </button>
        </form>
      )}
      <ActionError message={error} />
      <div className="row">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={busy}
          onClick={() => act(() => ledgerApi.honour(teamId, c.id), `“${c.title}” honoured.`)}
        >
          Mark honoured
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-expanded={mode === 'renegotiate'}
          onClick={() => setMode(mode === 'renegotiate' ? 'none' : 'renegotiate')}
        >
          Renegotiate
        </button>
        <button
          type="button"
          className="btn btn-quiet btn-small"
          aria-expanded={mode === 'drop'}
          onClick={() => setMode(mode === 'drop' ? 'none' : 'drop')}
        >
          Drop
        </button>
      </div>
    </li>
  );
}

function NewCommitment({
  teamId,
  team,
  items,
  tradeOffs,
  created,
}: {
  teamId: string;
  team: SectionProps['team'];
  items: { id: string; title: string; status: string }[];
  tradeOffs: { id: string; number: number; content: { title: string } }[];
  created(title: string): void;
}) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [itemId, setItemId] = useState('');
  const [tradeOffId, setTradeOffId] = useState('');
  const { busy, error, setError, send } = useSave();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const member = team.members.find((m) => m.personId === owner);
    if (!title.trim() || !member || !dueOn) {
      setError('A commitment needs what is promised, an owner and a due date.');
      return;
    }
    await send(async () => {
      await ledgerApi.createCommitment(teamId, {
        title: title.trim(),
        ownerName: member.name,
        ownerPersonId: member.personId,
        dueOn,
        itemId: itemId || null,
        tradeOffId: tradeOffId || null,
      });
      setTitle('');
      setDueOn('');
      created(title.trim());
    });
  };
  return (
    <form className="card ledger-form" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="card-title">
        Make a commitment
      </h2>
      <InputField
        id={`${id}-t`}
        label="What is promised"
        value={title}
        placeholder="One sprint for billing cleanup this quarter"
        onChange={(e) => setTitle(e.target.value)}
      />
      <SelectField id={`${id}-o`} label="Owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
        <option value="">choose a person</option>
        {team.members.map((m) => (
          <option key={m.personId} value={m.personId}>
            {m.name}
          </option>
        ))}
      </SelectField>
      <InputField id={`${id}-d`} label="Due on" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
      <SelectField
        id={`${id}-i`}
        label="The backlog item that honours it (optional)"
        value={itemId}
        onChange={(e) => setItemId(e.target.value)}
      >
        <option value="">none</option>
        {items
          .filter((i) => i.status === 'open')
          .map((i) => (
            <option key={i.id} value={i.id}>
              {i.title}
            </option>
          ))}
      </SelectField>
      <SelectField
        id={`${id}-r`}
        label="The trade-off it came from (optional)"
        value={tradeOffId}
        onChange={(e) => setTradeOffId(e.target.value)}
      >
        <option value="">none</option>
        {tradeOffs.map((r) => (
          <option key={r.id} value={r.id}>
            ADR-{String(r.number).padStart(4, '0')}: {r.content.title}
          </option>
        ))}
      </SelectField>
      <ActionError message={error} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Saving…' : 'Commit'}
      </button>
    </form>
  );
}
