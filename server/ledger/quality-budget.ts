// The quality budget: the share of each sprint's capacity planned for tech debt, against the share the team agreed
// to. One lean sprint is a decision; the same thing several sprints in a row is a drift nobody decided, so the
// warning comes when the share stays under the agreement for the team's window of sprints.
import { dayOf } from './commitment.ts';
import { formatPercent } from './explanation.ts';
import type { LedgerSettings } from './ledger-settings.ts';
import { activeEntries, type Sprint } from './sprint-plan.ts';

export interface SprintBudget {
  sprintId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  plannedPoints: number;
  debtPoints: number;
  featurePoints: number;
  /** Debt points ÷ capacity. */
  debtShare: number;
  underAgreedShare: boolean;
  overCapacity: boolean;
}

export interface QualityBudget {
  agreedShare: number;
  window: number;
  sprints: SprintBudget[];
  /** How many of the latest counted sprints in a row are under the agreed share. */
  sprintsUnderInARow: number;
  warning: string | null;
}

export function sprintBudget(sprint: Sprint, agreedShare: number): SprintBudget {
  let debtPoints = 0;
  let featurePoints = 0;
  for (const e of activeEntries(sprint)) {
    if (e.kind === 'debt') debtPoints += e.points;
    else featurePoints += e.points;
  }
  const debtShare = sprint.capacity > 0 ? debtPoints / sprint.capacity : 0;
  return {
    sprintId: sprint.id,
    name: sprint.name,
    startsOn: sprint.startsOn,
    endsOn: sprint.endsOn,
    capacity: sprint.capacity,
    plannedPoints: debtPoints + featurePoints,
    debtPoints,
    featurePoints,
    debtShare,
    underAgreedShare: debtShare < agreedShare,
    overCapacity: debtPoints + featurePoints > sprint.capacity,
  };
}

/**
 * Sprints count once they have started or have something planned: an empty sprint far ahead is not a decision yet.
 */
export function qualityBudget(
  sprints: readonly Sprint[],
  settings: Pick<LedgerSettings, 'qualityShare' | 'qualityWindow'>,
  now: Date,
): QualityBudget {
  const today = dayOf(now);
  const ordered = [...sprints].sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.name.localeCompare(b.name));
  const budgets = ordered.map((s) => sprintBudget(s, settings.qualityShare));
  const counted = budgets.filter((b, i) => b.startsOn <= today || activeEntries(ordered[i] as Sprint).length > 0);
  let run = 0;
  for (let i = counted.length - 1; i >= 0 && (counted[i] as SprintBudget).underAgreedShare; i--) run++;
  let warning: string | null = null;
  if (run >= settings.qualityWindow) {
    const lean = counted.slice(counted.length - run);
    warning =
      `debt has had less than the agreed ${formatPercent(settings.qualityShare)} of capacity for ${run} sprints in a row ` +
      `(${lean.map((b) => `${b.name}: ${formatPercent(b.debtShare)}`).join(', ')})`;
  }
  return {
    agreedShare: settings.qualityShare,
    window: settings.qualityWindow,
    sprints: budgets,
    sprintsUnderInARow: run,
    warning,
  };
}
