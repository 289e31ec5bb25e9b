// One proposal on the table: what it picks, the risks it names, who bears them, and where the team stands on it,
// with support, objection (with a reason), votes and amendment.
import { useId, useState } from 'react';
import type { Proposal, QuestView } from '../../../engine/index.ts';
import { notConnected, type QuestSocket } from '../api/quest-socket.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { useAction } from '../ui/use-action.ts';
import { ProposalForm } from './ProposalForm.tsx';
import { firstName, humanise, listNames } from './vocabulary.ts';

type Decision = NonNullable<QuestView['decision']>;

export function choiceLabel(decision: Decision | null, labels: Map<string, string>, p: Proposal): string[] {
  const ids = 'option' in p.choice ? [p.choice.option] : p.choice.items;
  return ids.map((id) => decision?.choices.find((c) => c.id === id)?.label ?? labels.get(id) ?? humanise(id));
}

/** Who still has to vote yes for this proposal to carry, under the decision's rule. */
function standing(view: QuestView, d: Decision, p: Proposal): string {
  const yes = view.roles.filter((r) => p.votes[r.id] === 'yes').map((r) => r.id);
  switch (d.rule) {
    case 'consensus': {
      const missing = view.roles.filter((r) => p.votes[r.id] !== 'yes').map((r) => firstName(view, r.id));
      return missing.length
        ? `${yes.length} of ${view.roles.length} yes; waiting for ${listNames(missing)}`
        : 'Everyone said yes';
    }
    case 'majority': {
      const need = Math.floor(view.roles.length / 2) + 1;
      return `${yes.length} of ${need} yes votes needed`;
    }
    case 'bearers': {
      const missing = d.bearers.filter((b) => p.votes[b] !== 'yes').map((b) => firstName(view, b));
      return missing.length ? `Needs yes from ${listNames(missing)}` : 'Every bearer said yes';
    }
  }
}

export function ProposalCard({
  view,
  decision,
  proposal: p,
  socket,
  canAct,
  labels,
}: {
  view: QuestView;
  decision: Decision;
  proposal: Proposal;
  socket: QuestSocket | null;
  canAct: boolean;
  labels: Map<string, string>;
}) {
  const me = view.me?.role;
  const action = useAction();
  const [mode, setMode] = useState<'idle' | 'object' | 'amend'>('idle');
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const titleId = useId();
  const chosen = choiceLabel(decision, labels, p);
  const ownUnamended = p.author === me && p.amendedBy.length === 0;
  const myVote = me ? p.votes[me] : undefined;
  const open = p.status === 'open';
  const send = (command: Parameters<QuestSocket['command']>[0]) => action.run(() => socket?.command(command) ?? notConnected());
  const expectedTotal = p.risks.reduce((n, r) => n + r.probability * r.cost, 0);
  const points =
    decision.plan && 'items' in p.choice
      ? p.choice.items.reduce((n, id) => n + (decision.choices.find((c) => c.id === id)?.points ?? 0), 0)
      : null;

  return (
    <article className={`card proposal proposal-${p.status}`} aria-labelledby={titleId}>
      <header className="proposal-head">
        <p className="proposal-meta">
          <span className="proposal-id">{p.id.toUpperCase()}</span> by {firstName(view, p.author)}
          {p.revision > 1 &&
            ` · revision ${p.revision}, amended by ${listNames([...new Set(p.amendedBy)].map((r) => firstName(view, r)))}`}
          {p.status === 'accepted' && <span className="badge badge-ok">Accepted</span>}
          {p.status === 'superseded' && <span className="badge">Not chosen</span>}
        </p>
        <h3 id={titleId} className="proposal-choice">
          {chosen.length === 1 ? chosen[0] : chosen.join(' + ')}
        </h3>
      </header>
      {points !== null && (
        <p className="proposal-points">
          {points} of {decision.capacity} points
        </p>
      )}
      {p.rationale && <p className="proposal-why">“{p.rationale}”</p>}

      {p.risks.length > 0 ? (
        <div className="risks">
          <h4 className="label-heading">Risks accepted</h4>
          <ul className="risk-items">
            {p.risks.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: risks have no id and never reorder within a revision
              <li key={i}>
                <span className="risk-what">{r.text}</span>
                <span className="risk-price">
                  {Math.round(r.probability * 100)}% likely × cost {r.cost.toLocaleString()} ={' '}
                  <strong>{(Math.round(r.probability * r.cost * 100) / 100).toLocaleString()} expected</strong>
                </span>
              </li>
            ))}
          </ul>
          {p.risks.length > 1 && (
            <p className="risk-total">
              Total expected cost: <strong>{(Math.round(expectedTotal * 100) / 100).toLocaleString()}</strong>
            </p>
          )}
        </div>
      ) : (
        <p className="warn-note">No risks named yet. What does the team accept if it chooses this?</p>
      )}

      <dl className="proposal-facts">
        <div>
          <dt>Bears the consequences</dt>
          <dd>{p.bearers.length ? listNames(p.bearers.map((b) => firstName(view, b))) : 'Nobody named'}</dd>
        </div>
        <div>
          <dt>Support</dt>
          <dd>{p.supports.length ? listNames(p.supports.map((b) => firstName(view, b))) : 'None yet'}</dd>
        </div>
        <div>
          <dt>Votes</dt>
          <dd>
            <ul className="vote-list">
              {view.roles.map((r) => (
                <li key={r.id} className={`vote vote-${p.votes[r.id] ?? 'none'}`}>
                  {firstName(view, r.id)}: {p.votes[r.id] ?? '—'}
                </li>
              ))}
            </ul>
            {open && <span className="standing">{standing(view, decision, p)}</span>}
          </dd>
        </div>
      </dl>

      {p.objections.length > 0 && (
        <div className="objections">
          <h4 className="label-heading">Objections</h4>
          <ul>
            {p.objections.map((o, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: objections are append-only
              <li key={i} className={o.revision < p.revision ? 'stale' : ''}>
                <strong>{firstName(view, o.role)}:</strong> {o.reason}
                {o.revision < p.revision && <span className="muted"> (on revision {o.revision})</span>}
              </li>
            ))}
          </ul>
        </div>
      )}

      {open && canAct && me && mode !== 'amend' && (
        <div className="proposal-actions">
          <fieldset className="vote-buttons">
            <legend className="visually-hidden">Vote on {p.id.toUpperCase()}</legend>
            <button
              type="button"
              className={`btn btn-small ${myVote === 'yes' ? 'btn-primary' : 'btn-secondary'}`}
              aria-pressed={myVote === 'yes'}
              disabled={action.pending}
              onClick={() => send({ type: 'vote', proposal: p.id, vote: 'yes' })}
            >
              Vote yes
            </button>
            <button
              type="button"
              className={`btn btn-small ${myVote === 'no' ? 'btn-primary' : 'btn-secondary'}`}
              aria-pressed={myVote === 'no'}
              disabled={action.pending}
              onClick={() => send({ type: 'vote', proposal: p.id, vote: 'no' })}
            >
              Vote no
            </button>
          </fieldset>
          {!ownUnamended && (
            <button
              type="button"
              className="btn btn-small btn-quiet"
              disabled={action.pending || p.supports.includes(me)}
              onClick={() => send({ type: 'support', proposal: p.id })}
            >
              {p.supports.includes(me) ? 'You support this' : 'Support'}
            </button>
          )}
          {!ownUnamended && (
            <button
              type="button"
              className="btn btn-small btn-quiet"
              aria-expanded={mode === 'object'}
              onClick={() => setMode(mode === 'object' ? 'idle' : 'object')}
            >
              Object…
            </button>
          )}
          <button type="button" className="btn btn-small btn-quiet" onClick={() => setMode('amend')}>
            Amend…
          </button>
        </div>
      )}

      {mode === 'object' && (
        <form
          className="object-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!reason.trim()) return action.fail('Say why you object: a concrete risk helps most.');
            if (await send({ type: 'object', proposal: p.id, reason: reason.trim() })) {
              setReason('');
              setMode('idle');
            }
          }}
        >
          <label htmlFor={reasonId} className="field-label">
            Why you object
          </label>
          <textarea
            id={reasonId}
            className="input"
            rows={2}
            maxLength={500}
            value={reason}
            placeholder="e.g. the load test says the queue stops draining at 1,200 jobs a minute"
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="row">
            <button type="submit" className="btn btn-small btn-primary" disabled={action.pending}>
              Raise objection
            </button>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </div>
        </form>
      )}

      {mode === 'amend' && (
        <ProposalForm
          view={view}
          decision={decision}
          amending={p}
          onCancel={() => setMode('idle')}
          onSubmit={(d) => socket?.command({ type: 'amend', proposal: p.id, ...d }) ?? notConnected()}
        />
      )}
      <ActionError message={action.error} />
    </article>
  );
}
