// The rule that separates a change from noise, for a team's own past and for a person's own past. A metric has
// changed only when all three hold:
//   1. the recent mean differs from the baseline mean by at least the metric's minimum effect;
//   2. the difference exceeds twice its standard error, sqrt(s_r²/n_r + s_b²/n_b);
//   3. each of the last three quests lies on the same side of the baseline mean as the change.
// The baseline needs at least four quests and the recent span at least three; otherwise there is not enough history.
import { definitionOf, type MetricId } from '../metrics/metric-catalogue.ts';

export const MIN_RECENT_QUESTS = 3;
export const MIN_BASELINE_QUESTS = 4;
export const STANDARD_ERRORS = 2;

export type TrendVerdict = 'strengthening' | 'fraying' | 'rising' | 'falling' | 'steady' | 'not_enough_history';

export interface Trend {
  verdict: TrendVerdict;
  recentMean: number | null;
  baselineMean: number | null;
  difference: number | null;
  standardError: number | null;
}

function meanAndVariance(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.length > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, variance };
}

/** `recent` and `baseline` are per-quest values, oldest first. */
export function trendOf(
  metric: { better: 'higher' | 'lower' | 'neither'; minEffect: number },
  baseline: readonly number[],
  recent: readonly number[],
): Trend {
  if (recent.length < MIN_RECENT_QUESTS || baseline.length < MIN_BASELINE_QUESTS) {
    return { verdict: 'not_enough_history', recentMean: null, baselineMean: null, difference: null, standardError: null };
  }
  const r = meanAndVariance(recent);
  const b = meanAndVariance(baseline);
  const difference = r.mean - b.mean;
  const standardError = Math.sqrt(r.variance / recent.length + b.variance / baseline.length);
  const lastThree = recent.slice(-MIN_RECENT_QUESTS);
  const sameSide = lastThree.every((x) => Math.sign(x - b.mean) === Math.sign(difference) && x !== b.mean);
  const changed = Math.abs(difference) >= metric.minEffect && Math.abs(difference) > STANDARD_ERRORS * standardError && sameSide;
  let verdict: TrendVerdict = 'steady';
  if (changed) {
    if (metric.better === 'neither') verdict = difference > 0 ? 'rising' : 'falling';
    else verdict = difference > 0 === (metric.better === 'higher') ? 'strengthening' : 'fraying';
  }
  return { verdict, recentMean: r.mean, baselineMean: b.mean, difference, standardError };
}

export function metricTrend(id: MetricId, baseline: readonly number[], recent: readonly number[]): Trend {
  return trendOf(definitionOf(id), baseline, recent);
}

export const TREND_RULE =
  `A change counts only when the recent quests differ from the earlier ones by at least the metric's minimum effect, ` +
  `by more than ${STANDARD_ERRORS} standard errors, and each of the last ${MIN_RECENT_QUESTS} quests sits on the same side ` +
  `of the earlier average. It needs at least ${MIN_BASELINE_QUESTS} earlier quests and ${MIN_RECENT_QUESTS} recent ones.`;
