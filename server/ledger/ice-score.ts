// ICE (Sean Ellis): Impact, Confidence and Ease, each 1 to 10, combined by the team's rule: the average (7, 4, 8 ->
// 6.33) or the product (224). Tech debt's impact comes from its dollars per quarter: the team's "impact 10" amount
// scores 10, less scales down linearly to a minimum of 1.
import { debtInBusinessTerms } from './debt-terms.ts';
import { type Explanation, explain, formatMoney, formatNumber, type ScorePart } from './explanation.ts';
import type { LedgerItem } from './ledger-item.ts';
import type { IceRule, LedgerSettings } from './ledger-settings.ts';
import type { Scoring } from './rice-score.ts';
import { ICE_MAX, ICE_MIN } from './scales.ts';

export interface IceNumbers {
  impact: number;
  confidence: number;
  ease: number;
}

const onScale = (n: number) => n >= ICE_MIN && n <= ICE_MAX;

function formulaOf(rule: IceRule): string {
  return rule === 'average' ? 'ICE = (Impact + Confidence + Ease) ÷ 3' : 'ICE = Impact × Confidence × Ease';
}

function combine(parts: ScorePart[], rule: IceRule): Explanation {
  const [impact, confidence, ease] = parts.map((p) => p.value) as [number, number, number];
  const shown = parts.map((p) => `${p.label} ${p.shown}`);
  const exact = rule === 'average' ? (impact + confidence + ease) / 3 : impact * confidence * ease;
  const sentence = rule === 'average' ? `(${shown.join(' + ')}) ÷ 3` : shown.join(' × ');
  return explain('ice', formulaOf(rule), parts, sentence, exact);
}

function part(name: string, label: string, value: number, side: ScorePart['side']): ScorePart {
  return { name, label, value, shown: formatNumber(value), source: 'entered', side };
}

export function iceScore(n: IceNumbers, rule: IceRule): Explanation {
  for (const [k, v] of Object.entries(n)) if (!onScale(v)) throw new RangeError(`${k} ${v} is not between 1 and 10`);
  return combine(
    [
      part('impact', 'Impact', n.impact, 'demand'),
      part('confidence', 'Confidence', n.confidence, 'demand'),
      part('ease', 'Ease', n.ease, 'cost'),
    ],
    rule,
  );
}

export function scoreIce(item: LedgerItem, settings: LedgerSettings): Scoring {
  const i = item.ice;
  const missing: string[] = [];
  const need = (v: number | undefined, what: string) => {
    if (v === undefined) missing.push(`${what} (1 to 10)`);
    else if (!onScale(v)) missing.push(`${what} between 1 and 10, not ${v}`);
  };
  if (item.kind === 'feature') need(i.impact, 'impact');
  else if (!item.debt)
    missing.push('business terms (extra hours per change, changes per sprint, outage odds and cost, cleanup hours)');
  need(i.confidence, 'confidence');
  need(i.ease, 'ease');
  if (missing.length > 0) return { ok: false, missing };
  if (item.kind === 'feature') return { ok: true, explanation: iceScore(i as IceNumbers, settings.iceRule) };

  const terms = debtInBusinessTerms(item.debt as NonNullable<LedgerItem['debt']>, settings);
  const raw = (10 * terms.costPerQuarter) / settings.iceImpactTenAt;
  const impact = Math.min(ICE_MAX, Math.max(ICE_MIN, Math.round(raw)));
  const impactPart: ScorePart = {
    name: 'impact',
    label: 'Impact',
    value: impact,
    shown: `${impact} (${formatMoney(terms.costPerQuarter)} per quarter)`,
    source: 'derived',
    derivation:
      `${terms.sentences.perQuarter}; 10 × ${formatMoney(terms.costPerQuarter)} ÷ ${formatMoney(settings.iceImpactTenAt)} ` +
      `= ${formatNumber(raw)}, rounded and kept within 1 to 10`,
    side: 'cost',
  };
  return {
    ok: true,
    explanation: combine(
      [
        impactPart,
        part('confidence', 'Confidence', i.confidence as number, 'demand'),
        part('ease', 'Ease', i.ease as number, 'cost'),
      ],
      settings.iceRule,
    ),
  };
}
