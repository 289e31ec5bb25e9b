// Features and tech debt in ONE ranking, on one method, each with its explanation. Items that still lack numbers
// are listed apart with what they need, so nothing silently drops off the list.
import { type DebtInBusinessTerms, debtInBusinessTerms } from './debt-terms.ts';
import type { Explanation, Method } from './explanation.ts';
import { scoreIce } from './ice-score.ts';
import type { ItemKind, LedgerItem } from './ledger-item.ts';
import type { LedgerSettings } from './ledger-settings.ts';
import { type Scoring, scoreRice } from './rice-score.ts';
import { scoreWsjf } from './wsjf-score.ts';

export interface RankedItem {
  rank: number;
  itemId: string;
  title: string;
  kind: ItemKind;
  score: number;
  explanation: Explanation;
  /** Tech debt only: its business terms, and the roadmap items it slows by title. */
  debt: (DebtInBusinessTerms & { slowsTitles: string[] }) | null;
}

export interface UnscoredItem {
  itemId: string;
  title: string;
  kind: ItemKind;
  missing: string[];
}

export interface Ranking {
  method: Method;
  ranked: RankedItem[];
  unscored: UnscoredItem[];
}

const SCORERS: Record<Method, (item: LedgerItem, settings: LedgerSettings) => Scoring> = {
  rice: scoreRice,
  ice: scoreIce,
  wsjf: scoreWsjf,
};

export function scoreItem(item: LedgerItem, settings: LedgerSettings, method: Method = settings.method): Scoring {
  return SCORERS[method](item, settings);
}

export function rankBacklog(items: readonly LedgerItem[], settings: LedgerSettings, method: Method = settings.method): Ranking {
  const titles = new Map(items.map((i) => [i.id, i.title]));
  const scored: Omit<RankedItem, 'rank'>[] = [];
  const unscored: UnscoredItem[] = [];
  for (const item of items) {
    if (item.status !== 'open') continue;
    const s = scoreItem(item, settings, method);
    if (!s.ok) {
      unscored.push({ itemId: item.id, title: item.title, kind: item.kind, missing: s.missing });
      continue;
    }
    const debt = item.kind === 'debt' && item.debt ? debtInBusinessTerms(item.debt, settings) : null;
    scored.push({
      itemId: item.id,
      title: item.title,
      kind: item.kind,
      score: s.explanation.score,
      explanation: s.explanation,
      debt: debt ? { ...debt, slowsTitles: debt.slows.map((id) => titles.get(id) ?? `unknown item ${id}`) } : null,
    });
  }
  scored.sort(
    (a, b) => b.explanation.exact - a.explanation.exact || a.title.localeCompare(b.title) || a.itemId.localeCompare(b.itemId),
  );
  unscored.sort((a, b) => a.title.localeCompare(b.title));
  return { method, ranked: scored.map((r, i) => ({ rank: i + 1, ...r })), unscored };
}
