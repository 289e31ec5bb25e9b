// A structured proposal: the choice (an option, or backlog items against capacity), the risks priced as
// probability × cost, who bears the consequences, and why. The same form amends an open proposal.
import { type FormEvent, useId, useState } from 'react';
import type { Proposal, QuestView, Risk } from '../../../engine/index.ts';
import type { Ack } from '../api/types.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { useAction } from '../ui/use-action.ts';

type Decision = NonNullable<QuestView['decision']>;

interface RiskDraft {
  key: number;
  text: string;
  percent: string;
  cost: string;
}

export interface ProposalDraft {
  option?: string;
  items?: string[];
  risks: Risk[];
  bearers: string[];
  rationale: string;
}

let riskKeys = 0;
const toDraft = (r: Risk): RiskDraft => ({
  key: ++riskKeys,
  text: r.text,
  percent: String(Math.round(r.probability * 100)),
  cost: String(r.cost),
});

export function ProposalForm({
  view,
  decision,
  amending,
  onSubmit,
  onCancel,
}: {
  view: QuestView;
  decision: Decision;
  amending?: Proposal;
  onSubmit: (draft: ProposalDraft) => Promise<Ack>;
  onCancel: () => void;
}) {
  const initial = amending?.choice;
  const [option, setOption] = useState(initial && 'option' in initial ? initial.option : '');
  const [items, setItems] = useState<string[]>(initial && 'items' in initial ? initial.items : []);
  const [risks, setRisks] = useState<RiskDraft[]>(() =>
    amending ? amending.risks.map(toDraft) : [{ key: ++riskKeys, text: '', percent: '', cost: '' }],
  );
  const [bearers, setBearers] = useState<string[]>(amending ? amending.bearers : decision.bearers);
  const [rationale, setRationale] = useState(amending?.rationale ?? '');
  const action = useAction();
  const formId = useId();

  const points = items.reduce((n, id) => n + (decision.choices.find((c) => c.id === id)?.points ?? 0), 0);
  const capacity = decision.capacity ?? 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!decision.plan && !option) return action.fail('Choose one option.');
    if (decision.plan && items.length === 0) return action.fail('Pick at least one backlog item.');
    if (decision.plan && points > capacity) return action.fail(`That plan takes ${points} points; the team has ${capacity}.`);
    const priced: Risk[] = [];
    for (const [i, r] of risks.entries()) {
      const blank = !r.text.trim() && !r.percent && !r.cost;
      if (blank) continue;
      const p = Number(r.percent);
      const cost = Number(r.cost);
      if (!r.text.trim()) return action.fail(`Risk ${i + 1}: say what could go wrong.`);
      if (r.percent === '' || !Number.isFinite(p) || p < 0 || p > 100)
        return action.fail(`Risk ${i + 1}: a likelihood is between 0 and 100%.`);
      if (r.cost === '' || !Number.isFinite(cost) || cost < 0)
        return action.fail(`Risk ${i + 1}: the cost is a number, 0 or more.`);
      priced.push({ text: r.text.trim(), probability: Math.round(p) / 100, cost });
    }
    const ok = await action.run(() =>
      onSubmit({ ...(decision.plan ? { items } : { option }), risks: priced, bearers, rationale: rationale.trim() }),
    );
    if (ok) onCancel();
  };

  const setRisk = (key: number, patch: Partial<RiskDraft>) =>
    setRisks((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  return (
    <form className="proposal-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="form-title">
        {amending ? `Amend ${amending.id.toUpperCase()}` : 'Put a proposal on the table'}
      </h3>

      <fieldset className="field">
        <legend className="field-label">{decision.plan ? 'Backlog items' : 'The option'}</legend>
        {decision.plan && (
          <p className={`capacity${points > capacity ? ' over' : ''}`} aria-live="polite">
            {points} of {capacity} points
            <span className="capacity-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, capacity ? (points / capacity) * 100 : 0)}%` }} />
            </span>
          </p>
        )}
        <ul className="choice-inputs">
          {decision.choices.map((c) => {
            const id = `${formId}-${c.id}`;
            return (
              <li key={c.id}>
                {decision.plan ? (
                  <input
                    id={id}
                    type="checkbox"
                    checked={items.includes(c.id)}
                    onChange={(e) => setItems((xs) => (e.target.checked ? [...xs, c.id] : xs.filter((x) => x !== c.id)))}
                  />
                ) : (
                  <input
                    id={id}
                    type="radio"
                    name={`${formId}-option`}
                    checked={option === c.id}
                    onChange={() => setOption(c.id)}
                  />
                )}
                <label htmlFor={id}>
                  <span className="choice-label">{c.label}</span>
                  {decision.plan && (
                    <span className="choice-tags">
                      <span className={`tag tag-${c.kind}`}>{c.kind === 'debt' ? 'Tech debt' : 'Feature'}</span>
                      <span className="tag">{c.points} pts</span>
                    </span>
                  )}
                  {c.description && <span className="choice-desc">{c.description}</span>}
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>

      <fieldset className="field">
        <legend className="field-label">Risks you accept, priced</legend>
        <p className="field-help">
          Name the trade-off: what could go wrong, how likely, and what it would cost (dollars, days or trust).
        </p>
        <ul className="risk-rows">
          {risks.map((r, i) => {
            const p = Number(r.percent);
            const c = Number(r.cost);
            const expected = r.percent && r.cost && Number.isFinite(p * c) ? Math.round((p / 100) * c * 100) / 100 : null;
            return (
              <li key={r.key} className="risk-row">
                <div className="field risk-text">
                  <label htmlFor={`${formId}-rt-${r.key}`} className="field-label-small">
                    Risk {i + 1}
                  </label>
                  <input
                    id={`${formId}-rt-${r.key}`}
                    className="input"
                    maxLength={300}
                    value={r.text}
                    placeholder="e.g. the queue stalls at Monday 8 am"
                    onChange={(e) => setRisk(r.key, { text: e.target.value })}
                  />
                </div>
                <div className="field risk-num">
                  <label htmlFor={`${formId}-rp-${r.key}`} className="field-label-small">
                    Likelihood %
                  </label>
                  <input
                    id={`${formId}-rp-${r.key}`}
                    className="input"
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={100}
                    value={r.percent}
                    onChange={(e) => setRisk(r.key, { percent: e.target.value })}
                  />
                </div>
                <div className="field risk-num">
                  <label htmlFor={`${formId}-rc-${r.key}`} className="field-label-small">
                    Cost if it happens
                  </label>
                  <input
                    id={`${formId}-rc-${r.key}`}
                    className="input"
                    type="number"
                    inputMode="decimal"
                    min={0}
                    value={r.cost}
                    onChange={(e) => setRisk(r.key, { cost: e.target.value })}
                  />
                </div>
                <p className="risk-expected" aria-live="off">
                  {expected !== null ? `Expected: ${expected.toLocaleString()}` : ''}
                </p>
                <button
                  type="button"
                  className="btn btn-small btn-quiet risk-remove"
                  aria-label={`Remove risk ${i + 1}`}
                  onClick={() => setRisks((rs) => rs.filter((x) => x.key !== r.key))}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
        {risks.length < 10 && (
          <button
            type="button"
            className="btn btn-small btn-secondary"
            onClick={() => setRisks((rs) => [...rs, { key: ++riskKeys, text: '', percent: '', cost: '' }])}
          >
            Add a risk
          </button>
        )}
      </fieldset>

      <fieldset className="field">
        <legend className="field-label">Who bears the consequences</legend>
        <ul className="check-row">
          {view.roles.map((r) => (
            <li key={r.id}>
              <input
                id={`${formId}-b-${r.id}`}
                type="checkbox"
                checked={bearers.includes(r.id)}
                onChange={(e) => setBearers((bs) => (e.target.checked ? [...bs, r.id] : bs.filter((b) => b !== r.id)))}
              />
              <label htmlFor={`${formId}-b-${r.id}`}>{r.title}</label>
            </li>
          ))}
        </ul>
      </fieldset>

      <div className="field">
        <label htmlFor={`${formId}-why`} className="field-label">
          Why this, and what you will commit to
        </label>
        <textarea
          id={`${formId}-why`}
          className="input"
          rows={3}
          maxLength={1000}
          value={rationale}
          placeholder="If we do this, we accept… and we commit to…"
          onChange={(e) => setRationale(e.target.value)}
        />
      </div>

      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={action.pending}>
          {action.pending ? 'Sending…' : amending ? 'Save amendment' : 'Propose'}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ActionError message={action.error} />
    </form>
  );
}
