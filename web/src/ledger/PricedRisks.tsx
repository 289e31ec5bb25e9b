// Priced risks, as a backlog item and a trade-off both carry them: what could happen, its probability and its cost,
// edited as rows of text and read back into numbers only when the form is saved (so a half-typed number stays as
// typed). The trade-off shows each row's expected monetary value as it is typed.
import type { Dispatch, SetStateAction } from 'react';
import type { PricedRisk } from '../api/ledger.ts';
import { formatMoney, numberOrUndefined } from './words.ts';

/** One risk row as typed. */
export interface RiskText {
  text: string;
  percent: string;
  cost: string;
}

export function riskTexts(risks: readonly PricedRisk[]): RiskText[] {
  return risks.map((r) => ({ text: r.text, percent: String(Math.round(r.probability * 1000) / 10), cost: String(r.cost) }));
}

/** The rows as priced risks (blank rows left out), or the sentence that says what a row lacks. */
export function readPricedRisks(rows: readonly RiskText[]): { risks: PricedRisk[] } | { error: string } {
  const risks: PricedRisk[] = [];
  for (const r of rows) {
    if (!r.text.trim() && !r.percent && !r.cost) continue;
    const p = numberOrUndefined(r.percent);
    const cost = numberOrUndefined(r.cost);
    if (!r.text.trim() || p === undefined || cost === undefined || Number.isNaN(p) || Number.isNaN(cost)) {
      return { error: 'Each risk needs what could happen, its probability in per cent and its cost in dollars.' };
    }
    risks.push({ text: r.text.trim(), probability: p / 100, cost });
  }
  return { risks };
}

/** Probability × cost, or null while either is not a number yet. */
export function expectedCost(r: RiskText): number | null {
  const p = numberOrUndefined(r.percent);
  const cost = numberOrUndefined(r.cost);
  return p === undefined || cost === undefined || Number.isNaN(p) || Number.isNaN(cost) ? null : (p / 100) * cost;
}

export function PricedRisksFieldset({
  idPrefix,
  legend,
  empty,
  risks,
  setRisks,
  showExpectedCost = false,
}: {
  /** Makes the row ids unique on the page. */
  idPrefix: string;
  legend: string;
  /** Said when there is no row yet. */
  empty: string;
  risks: RiskText[];
  setRisks: Dispatch<SetStateAction<RiskText[]>>;
  showExpectedCost?: boolean;
}) {
  const rowId = (i: number, part: string) => `${idPrefix}-risk-${i}${part}`;
  const change = (i: number, patch: Partial<RiskText>) => setRisks((rs) => rs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <fieldset className="ledger-fieldset">
      <legend className="label-heading">{legend}</legend>
      {risks.length === 0 && <p className="muted">{empty}</p>}
      {risks.map((r, i) => {
        const emv = showExpectedCost ? expectedCost(r) : null;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
          <div key={i} className="ledger-risk-row">
            <div className="field grow">
              <label htmlFor={rowId(i, '')} className="field-label field-label-small">
                Risk {i + 1}
              </label>
              <input id={rowId(i, '')} className="input" value={r.text} onChange={(e) => change(i, { text: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={rowId(i, '-p')} className="field-label field-label-small">
                Probability (%)
              </label>
              <input
                id={rowId(i, '-p')}
                className="input ledger-short"
                type="number"
                min={0}
                max={100}
                value={r.percent}
                onChange={(e) => change(i, { percent: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={rowId(i, '-c')} className="field-label field-label-small">
                Cost ($)
              </label>
              <input
                id={rowId(i, '-c')}
                className="input ledger-short"
                type="number"
                min={0}
                value={r.cost}
                onChange={(e) => change(i, { cost: e.target.value })}
              />
            </div>
            {showExpectedCost && (
              <p className="ledger-emv" aria-live="polite">
                EMV {emv === null ? '—' : formatMoney(emv)}
              </p>
            )}
            <button
              type="button"
              className="btn btn-quiet btn-small"
              aria-label={`Remove risk ${i + 1}`}
              onClick={() => setRisks((rs) => rs.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={() => setRisks((rs) => [...rs, { text: '', percent: '', cost: '' }])}
      >
        Add a risk
      </button>
    </fieldset>
  );
}
