// RICE (Intercom, 2016): Reach × Impact × Confidence ÷ Effort. Features enter all four numbers. Tech debt enters
// only its confidence: its reach × impact is what the debt costs per quarter in dollars, divided by what the team says
// one unit of reach × impact is worth, and its effort is the cleanup's hours in person-months (unless entered).
import { debtInBusinessTerms } from './debt-terms.ts';
import { type Explanation, explain, formatMoney, formatNumber, type ScorePart } from './explanation.ts';
import type { LedgerItem } from './ledger-item.ts';
import type { LedgerSettings } from './ledger-settings.ts';
import { isRiceConfidence, isRiceImpact, RICE_MIN_EFFORT, riceImpactWord } from './scales.ts';

export const RICE_FORMULA = 'RICE = Reach × Impact × Confidence ÷ Effort';

export type Scoring = { ok: true; explanation: Explanation } | { ok: false; missing: string[] };

export interface RiceNumbers {
  reach: number;
  impact: number;
  /** Per cent. */
  confidence: number;
  effort: number;
}

function confidencePart(confidence: number): ScorePart {
  return {
    name: 'confidence',
    label: 'Confidence',
    value: confidence,
    shown: `${formatNumber(confidence)}%`,
    source: 'entered',
    side: 'demand',
  };
}

function effortPart(effort: number, source: 'entered' | 'derived', derivation?: string): ScorePart {
  return {
    name: 'effort',
    label: 'Effort',
    value: effort,
    shown: `${formatNumber(effort)} person-month${effort === 1 ? '' : 's'}`,
    source,
    ...(derivation ? { derivation } : {}),
    side: 'cost',
  };
}

/** The formula itself, on numbers already on Intercom's scales. */
export function riceScore(n: RiceNumbers): Explanation {
  if (!isRiceImpact(n.impact)) throw new RangeError(`impact ${n.impact} is not on Intercom's scale (3, 2, 1, 0.5, 0.25)`);
  if (!isRiceConfidence(n.confidence)) throw new RangeError(`confidence ${n.confidence}% is not 100, 80 or 50`);
  if (!(n.effort >= RICE_MIN_EFFORT)) throw new RangeError(`effort is at least ${RICE_MIN_EFFORT} person-months`);
  if (!(n.reach >= 0)) throw new RangeError('reach is zero or more');
  const parts: ScorePart[] = [
    {
      name: 'reach',
      label: 'Reach',
      value: n.reach,
      shown: `${formatNumber(n.reach)} per quarter`,
      source: 'entered',
      side: 'demand',
    },
    {
      name: 'impact',
      label: 'Impact',
      value: n.impact,
      shown: `${formatNumber(n.impact)} (${riceImpactWord(n.impact)})`,
      source: 'entered',
      side: 'demand',
    },
    confidencePart(n.confidence),
    effortPart(n.effort, 'entered'),
  ];
  const exact = (n.reach * n.impact * (n.confidence / 100)) / n.effort;
  return explain('rice', RICE_FORMULA, parts, sentenceOf(parts), exact);
}

function sentenceOf(parts: ScorePart[]): string {
  const [first, ...rest] = parts as [ScorePart, ...ScorePart[]];
  const divisor = rest.pop() as ScorePart;
  return [
    `${first.label} ${first.shown}`,
    ...rest.map((p) => `× ${p.label} ${p.shown}`),
    `÷ ${divisor.label} ${divisor.shown}`,
  ].join(' ');
}

function missingConfidence(confidence: number | undefined): string[] {
  if (confidence === undefined) return ['confidence (100, 80 or 50 %)'];
  return isRiceConfidence(confidence) ? [] : [`confidence on the scale (100, 80 or 50 %), not ${confidence}`];
}

export function scoreRice(item: LedgerItem, settings: LedgerSettings): Scoring {
  const r = item.rice;
  if (item.kind === 'feature') {
    const missing: string[] = [];
    if (r.reach === undefined) missing.push('reach (people or events per quarter)');
    if (r.impact === undefined) missing.push("impact (Intercom's scale: 3, 2, 1, 0.5, 0.25)");
    else if (!isRiceImpact(r.impact)) missing.push(`impact on Intercom's scale (3, 2, 1, 0.5, 0.25), not ${r.impact}`);
    missing.push(...missingConfidence(r.confidence));
    if (r.effort === undefined) missing.push('effort (person-months, at least 0.5)');
    if (missing.length > 0) return { ok: false, missing };
    return { ok: true, explanation: riceScore(r as RiceNumbers) };
  }

  const missing = missingConfidence(r.confidence);
  if (!item.debt)
    missing.unshift('business terms (extra hours per change, changes per sprint, outage odds and cost, cleanup hours)');
  if (missing.length > 0 || !item.debt) return { ok: false, missing };
  const terms = debtInBusinessTerms(item.debt, settings);
  const reachImpact = terms.costPerQuarter / settings.valuePerReachImpact;
  const rawEffort = item.debt.principalHours / settings.hoursPerPersonMonth;
  const effort = r.effort ?? Math.max(RICE_MIN_EFFORT, rawEffort);
  const effortDerivation =
    r.effort === undefined
      ? `cleanup ${formatNumber(item.debt.principalHours)} h ÷ ${formatNumber(settings.hoursPerPersonMonth)} h per ` +
        `person-month = ${formatNumber(rawEffort)}${rawEffort < RICE_MIN_EFFORT ? ', raised to the 0.5 minimum' : ''}`
      : undefined;
  const parts: ScorePart[] = [
    {
      name: 'reach_impact',
      label: 'Reach × Impact',
      value: reachImpact,
      shown: `${formatNumber(reachImpact)} (${formatMoney(terms.costPerQuarter)} per quarter ÷ ${formatMoney(settings.valuePerReachImpact)})`,
      source: 'derived',
      derivation: `${terms.sentences.perQuarter}; ÷ ${formatMoney(settings.valuePerReachImpact)} per unit of reach × impact`,
      side: 'cost',
    },
    confidencePart(r.confidence as number),
    effortPart(effort, r.effort === undefined ? 'derived' : 'entered', effortDerivation),
  ];
  const exact = (reachImpact * ((r.confidence as number) / 100)) / effort;
  return { ok: true, explanation: explain('rice', RICE_FORMULA, parts, sentenceOf(parts), exact) };
}
