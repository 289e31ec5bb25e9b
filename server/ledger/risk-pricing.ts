// Step 2 of the framework, "price the risks": a risk's expected monetary value is its probability times what it
// costs if it happens (30% x $200,000 = $60,000). Estimates are fine; the point is a number both sides can argue with.
import { formatMoney, formatPercent } from './explanation.ts';
import type { PricedRisk } from './ledger-item.ts';

export interface RiskPrice {
  text: string;
  probability: number;
  cost: number;
  emv: number;
  /** "30% × $200,000 = $60,000". */
  sentence: string;
}

/** To the cent: float products such as 0.3 × 200000 must not show as 59999.999…. */
function cents(n: number): number {
  return Math.round(n * 100) / 100;
}

export function expectedMonetaryValue(probability: number, cost: number): number {
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`a probability is between 0 and 1, not ${probability}`);
  if (!(cost >= 0)) throw new RangeError(`a cost is zero or more, not ${cost}`);
  return cents(probability * cost);
}

export function priceRisk(risk: PricedRisk): RiskPrice {
  const emv = expectedMonetaryValue(risk.probability, risk.cost);
  return {
    ...risk,
    emv,
    sentence: `${formatPercent(risk.probability)} × ${formatMoney(risk.cost)} = ${formatMoney(emv)}`,
  };
}

export function totalExpectedCost(risks: readonly PricedRisk[]): number {
  return cents(risks.reduce((sum, r) => sum + expectedMonetaryValue(r.probability, r.cost), 0));
}
