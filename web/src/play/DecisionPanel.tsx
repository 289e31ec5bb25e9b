// The decision on the table: the prompt, how it is decided, the options (and how many are still hidden), the
// proposals, and the form to add one.
import { useState } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import { notConnected, type QuestSocket } from '../api/quest-socket.ts';
import { ProposalCard } from './ProposalCard.tsx';
import { ProposalForm } from './ProposalForm.tsx';
import { ruleText } from './vocabulary.ts';

export function DecisionPanel({
  view,
  socket,
  labels,
}: {
  view: QuestView;
  socket: QuestSocket | null;
  labels: Map<string, string>;
}) {
  const d = view.decision;
  const [proposing, setProposing] = useState(false);
  if (!d || !view.scene) return null;
  const phase = view.scene.phase;
  const inCheckIn = view.scene.checkIn !== null;
  const canAct = !!view.me && phase === 'discussion' && view.status === 'running' && !inCheckIn;
  const proposals = view.proposals.filter((p) => p.decision === d.id);
  const capacity = d.capacity;

  return (
    <section className="card decision" aria-labelledby="decision-title">
      <p className="eyebrow">The decision</p>
      <h2 id="decision-title" className="decision-prompt">
        {d.prompt}
      </h2>
      <p className="rule">{ruleText(view, d)}</p>

      <h3 className="label-heading">{d.plan ? `Backlog · capacity ${capacity} points` : 'Options on the table'}</h3>
      <ul className="option-list">
        {d.choices.map((c) => (
          <li key={c.id} className="option">
            <span className="option-label">{c.label}</span>
            {d.plan && (
              <span className="choice-tags">
                <span className={`tag tag-${c.kind}`}>{c.kind === 'debt' ? 'Tech debt' : 'Feature'}</span>
                <span className="tag">{c.points} pts</span>
              </span>
            )}
            {c.description && <span className="option-desc">{c.description}</span>}
          </li>
        ))}
      </ul>
      {d.lockedCount > 0 && (
        <p className="locked-hint">
          <span aria-hidden="true" className="lock-icon">
            ◇
          </span>
          {d.lockedCount === 1 ? '1 option is' : `${d.lockedCount} options are`} hidden until the team pools information.
        </p>
      )}
      {view.solved.length > 0 && (
        <ul className="solved-list" aria-label="Hidden challenges solved">
          {view.solved.map((s) => (
            <li key={s.id}>
              <span aria-hidden="true">✓</span> Solved together: {s.title}
            </li>
          ))}
        </ul>
      )}

      <div className="proposals-head">
        <h3 className="section-title">
          Proposals <span className="count">{proposals.length}</span>
        </h3>
        {view.me && phase === 'discussion' && !proposing && (
          <button type="button" className="btn btn-primary btn-small" disabled={!canAct} onClick={() => setProposing(true)}>
            New proposal
          </button>
        )}
      </div>
      {phase === 'briefing' && <p className="muted">Proposals open when the discussion starts.</p>}
      {phase === 'discussion' && inCheckIn && (
        <p className="notice">Check-in: talk first, decide after. Proposals and votes wait until it ends.</p>
      )}
      {proposing && canAct && (
        <ProposalForm
          view={view}
          decision={d}
          onCancel={() => setProposing(false)}
          onSubmit={(draft) => socket?.command({ type: 'propose', decision: d.id, ...draft }) ?? notConnected()}
        />
      )}
      {proposals.length === 0 && phase === 'discussion' && !proposing && (
        <p className="empty">No proposals yet. A good one names the option, the risks it accepts, and who carries them.</p>
      )}
      <ul className="proposal-list">
        {proposals.map((p) => (
          <li key={p.id}>
            <ProposalCard view={view} decision={d} proposal={p} socket={socket} canAct={canAct} labels={labels} />
          </li>
        ))}
      </ul>
    </section>
  );
}
