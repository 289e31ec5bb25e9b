// How a score explains itself: the formula, each number that went into it (entered by someone, or worked out from
// other numbers, with how), and the same thing as one sentence a PM and an engineer can read aloud.

export type Method = 'rice' | 'ice' | 'wsjf';

/** Which side of the table usually knows a number: the demand side (PM) or the cost side (engineering). */
export type Side = 'demand' | 'cost';

export interface ScorePart {
  name: string;
  label: string;
  value: number;
  /** The number as the sentence shows it, with its unit or scale word: "80%", "2 (high)", "$3,200". */
  shown: string;
  source: 'entered' | 'derived';
  /** For a derived part: how it was worked out, with the numbers. */
  derivation?: string;
  side: Side;
}

export interface Explanation {
  method: Method;
  formula: string;
  /** "Reach 500 customers per quarter × Impact 2 (high) × Confidence 80% ÷ Effort 2 person-months = 400". */
  sentence: string;
  parts: ScorePart[];
  /** The score rounded to two decimals; rankings compare the unrounded value. */
  score: number;
  exact: number;
}

const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

export function formatNumber(n: number): string {
  return plain.format(n);
}

/** Dollars without cents: estimates are not that precise, and cents only make a sentence harder to read. */
export function formatMoney(n: number): string {
  return money.format(n);
}

export function formatPercent(fraction: number): string {
  return `${plain.format(fraction * 100)}%`;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function explain(method: Method, formula: string, parts: ScorePart[], sentenceBody: string, exact: number): Explanation {
  const score = round2(exact);
  return { method, formula, sentence: `${sentenceBody} = ${formatNumber(score)}`, parts, score, exact };
}
