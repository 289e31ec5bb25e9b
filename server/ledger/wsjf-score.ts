// WSJF (SAFe): cost of delay ÷ job size, where cost of delay = business value + time criticality + risk reduction
// (or opportunity enablement), every number on the ladder 1, 2, 3, 5, 8, 13, 20. Paying tech debt off reduces risk
// and enables what it slows, so its risk reduction comes from its dollars per quarter: the team's "20" amount scores
// 20, less snaps to the nearest step of the ladder.
import { debtInBusinessTerms } from './debt-terms.ts';
import { type Explanation, explain, formatMoney, formatNumber, type ScorePart } from './explanation.ts';
import type { LedgerItem } from './ledger-item.ts';
import type { LedgerSettings } from './ledger-settings.ts';
import type { Scoring } from './rice-score.ts';
import { isWsjfStep, nearestWsjfStep } from './scales.ts';

export const WSJF_FORMULA = 'WSJF = (Business value + Time criticality + Risk reduction) ÷ Job size';

export interface WsjfNumbers {
  businessValue: number;
  timeCriticality: number;
  riskReduction: number;
  jobSize: number;
}

const LABELS: Record<keyof WsjfNumbers, string> = {
  businessValue: 'Business value',
  timeCriticality: 'Time criticality',
  riskReduction: 'Risk reduction',
  jobSize: 'Job size',
};

function entered(name: keyof WsjfNumbers, value: number): ScorePart {
  return {
    name,
    label: LABELS[name],
    value,
    shown: formatNumber(value),
    source: 'entered',
    side: name === 'jobSize' || name === 'riskReduction' ? 'cost' : 'demand',
  };
}

function combine(parts: [ScorePart, ScorePart, ScorePart, ScorePart]): Explanation {
  const [bv, tc, rr, size] = parts;
  const costOfDelay = bv.value + tc.value + rr.value;
  const sentence =
    `(${bv.label} ${bv.shown} + ${tc.label} ${tc.shown} + ${rr.label} ${rr.shown}) ÷ ${size.label} ${size.shown}` +
    ` = cost of delay ${formatNumber(costOfDelay)} ÷ ${formatNumber(size.value)}`;
  return explain('wsjf', WSJF_FORMULA, parts, sentence, costOfDelay / size.value);
}

export function wsjfScore(n: WsjfNumbers): Explanation {
  for (const [k, v] of Object.entries(n)) {
    if (!isWsjfStep(v)) throw new RangeError(`${k} ${v} is not on the ladder 1, 2, 3, 5, 8, 13, 20`);
  }
  return combine([
    entered('businessValue', n.businessValue),
    entered('timeCriticality', n.timeCriticality),
    entered('riskReduction', n.riskReduction),
    entered('jobSize', n.jobSize),
  ]);
}

export function scoreWsjf(item: LedgerItem, settings: LedgerSettings): Scoring {
  const w = item.wsjf;
  const missing: string[] = [];
  const need = (name: keyof WsjfNumbers) => {
    const v = w[name];
    if (v === undefined) missing.push(`${LABELS[name].toLowerCase()} (1, 2, 3, 5, 8, 13 or 20)`);
    else if (!isWsjfStep(v)) missing.push(`${LABELS[name].toLowerCase()} on the ladder 1, 2, 3, 5, 8, 13, 20, not ${v}`);
  };
  need('businessValue');
  need('timeCriticality');
  if (item.kind === 'feature') need('riskReduction');
  else if (!item.debt)
    missing.push('business terms (extra hours per change, changes per sprint, outage odds and cost, cleanup hours)');
  need('jobSize');
  if (missing.length > 0) return { ok: false, missing };
  if (item.kind === 'feature') return { ok: true, explanation: wsjfScore(w as WsjfNumbers) };

  const terms = debtInBusinessTerms(item.debt as NonNullable<LedgerItem['debt']>, settings);
  const raw = (20 * terms.costPerQuarter) / settings.wsjfTwentyAt;
  const step = nearestWsjfStep(raw);
  const rr: ScorePart = {
    name: 'riskReduction',
    label: LABELS.riskReduction,
    value: step,
    shown: `${step} (${formatMoney(terms.costPerQuarter)} per quarter)`,
    source: 'derived',
    derivation:
      `${terms.sentences.perQuarter}; 20 × ${formatMoney(terms.costPerQuarter)} ÷ ${formatMoney(settings.wsjfTwentyAt)} ` +
      `= ${formatNumber(raw)}, the nearest step of the ladder is ${step}`,
    side: 'cost',
  };
  return {
    ok: true,
    explanation: combine([
      entered('businessValue', w.businessValue as number),
      entered('timeCriticality', w.timeCriticality as number),
      rr,
      entered('jobSize', w.jobSize as number),
    ]),
  };
}
