// The organisation dashboard for admins: every unit's figures over the window, from the same published tree the
// team leads read. Units are listed by level and name, never ordered by a figure: there is no ranking of teams.
import { definitionOf, HEADLINE_METRICS, type MetricId } from '../metrics/metric-catalogue.ts';
import type { PrivacyConfig } from '../privacy/privacy-config.ts';
import type { OrgWindow } from './inputs.ts';
import { type Thresholds, thresholdsOf } from './lead-report.ts';
import { type PublishedUnit, publishTree } from './published-tree.ts';

export interface OrgDashboard {
  window: { from: string; to: string };
  thresholds: Thresholds;
  metrics: { id: MetricId; label: string; heuristic: boolean; better: 'higher' | 'lower' | 'neither' }[];
  units: PublishedUnit[];
  notes: string[];
}

const LEVEL_ORDER = { organisation: 0, group: 1, team: 2 } as const;

export function orgDashboard(config: PrivacyConfig, org: OrgWindow): OrgDashboard {
  const tree = publishTree(config, org, HEADLINE_METRICS);
  const units = [...tree.units].sort(
    (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : 1),
  );
  return {
    window: tree.window,
    thresholds: thresholdsOf(config),
    metrics: HEADLINE_METRICS.map((id) => {
      const d = definitionOf(id);
      return { id, label: d.label, heuristic: d.textDerived, better: d.better };
    }),
    units,
    notes: [
      `A figure is shown for a unit only when it covers at least ${config.minPeople} people who take part ` +
        `(${config.minPeopleFreeText} for heuristic figures read from free text); some larger units are hidden too, ` +
        'so that a small one cannot be worked out by subtraction. Every figure carries small noise.',
      'Units are listed by name. Each team is best read against its own past, on its lead page.',
    ],
  };
}
