// How insight figures read on a page. The server has already clamped, rounded and worded every figure a lead sees;
// these only put them into sentences, say why a figure is withheld, and never print a bare 0% or 100%.
import type { Better, Figure, Scope, Thresholds, TrendVerdict, WithheldReason } from '../api/insights.ts';

/** A published figure in words, with its number in brackets where it has one. */
export function figureText(f: Figure): string {
  switch (f.kind) {
    case 'share':
      return `${f.words} (about ${f.percent}%)`;
    case 'index':
      return `${f.words} (${f.value.toFixed(2)})`;
    case 'rate':
      return f.words ?? `about ${f.perMinute.toFixed(1)} a minute`;
    case 'duration':
      return `about ${f.seconds} s`;
    case 'direction':
      return f.words;
    case 'withheld':
      return 'not shown';
  }
}

/** Why a figure is not on the page, in the reader's terms. */
export function withheldText(reason: WithheldReason, thresholds: Thresholds, heuristic = false): string {
  const n = heuristic ? thresholds.minPeopleFreeText : thresholds.minPeople;
  switch (reason) {
    case 'too_few_people':
      return `Not shown: needs at least ${n} consenting people`;
    case 'protects_a_smaller_group':
      return 'Not shown: hiding it keeps a smaller group from being worked out';
    case 'no_data':
      return 'No quests with this yet';
  }
}

export function figureOrReason(f: Figure, thresholds: Thresholds, heuristic = false): string {
  return f.kind === 'withheld' ? withheldText(f.reason, thresholds, heuristic) : figureText(f);
}

export function betterText(better: Better): string {
  if (better === 'higher') return 'higher is healthier';
  if (better === 'lower') return 'lower is healthier';
  return 'neither direction is better in itself';
}

export function scopeText(scope: Scope): string {
  switch (scope.level) {
    case 'team':
      return 'this team';
    case 'group':
      return `${scope.name} (pooled: this team alone is too small)`;
    case 'organisation':
      return `${scope.name} (pooled: this team alone is too small)`;
    case 'unavailable':
      return 'nowhere large enough yet';
  }
}

export const VERDICT_TITLES: Record<TrendVerdict, string> = {
  strengthening: 'Strengthening',
  fraying: 'Fraying',
  rising: 'Rising',
  falling: 'Falling',
  steady: 'Steady',
  not_enough_history: 'Not enough quests yet to tell',
};

/** 'YYYY-MM' or 'YYYY-MM..YYYY-MM' as month names. */
export function monthsText(period: string): string {
  const [from, to] = period.split('..');
  const one = (m: string | undefined) => {
    if (!m) return '';
    const [y, mo] = m.split('-').map(Number);
    if (!y || !mo) return m;
    return new Date(Date.UTC(y, mo - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  };
  return to && to !== from ? `${one(from)} – ${one(to)}` : one(from);
}

export function dayText(ms: number | string): string {
  return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A person's own value: counts as numbers, shares as percentages (their own, so 0% and 100% are plain facts). */
export function ownValueText(unit: 'count' | 'share' | 'ratio', value: number | null): string {
  if (value === null) return '–';
  if (unit === 'share') return `${Math.round(value * 100)}%`;
  if (unit === 'ratio') return `${value.toFixed(2)}×`;
  return String(Math.round(value * 10) / 10);
}
