// The organisation's figures over a window, as leads and admins may see them: every metric disclosed per unit by the
// group-size rule and complementary suppression, then noised, clamped and worded. Every view (the organisation
// dashboard, each team lead's page) reads from this one tree, so no two views can be subtracted to reveal more.
import { definitionOf, METRIC_IDS, type MetricId } from '../metrics/metric-catalogue.ts';
import { type Disclosure, disclose, pooledUnit } from '../privacy/disclosure.ts';
import type { PrivacyConfig } from '../privacy/privacy-config.ts';
import { thresholdFor } from '../privacy/privacy-config.ts';
import {
  type Figure,
  type GroupSize,
  groupSize,
  type PublishedCount,
  publishCount,
  publishFigure,
  type Withheld,
  withheld,
} from '../privacy/published.ts';
import type { OrgWindow, UnitLevel } from './inputs.ts';

export interface PublishedUnit {
  id: string;
  name: string;
  level: UnitLevel;
  parent: string | null;
  quests: PublishedCount | Withheld;
  groupSize: GroupSize | Withheld;
  /** The metrics asked for; a metric not asked for is absent. */
  figures: Partial<Record<MetricId, Figure>>;
}

export interface PublishedTree {
  window: { from: string; to: string };
  units: PublishedUnit[];
  /** Per metric, where each unit's figure comes from: itself, or the nearest shown unit above it. */
  sourceOf(unitId: string, metric: MetricId): string | null;
}

function reasonOf(d: Disclosure | undefined): Withheld {
  if (d === 'protects_a_smaller_group') return withheld('protects_a_smaller_group');
  if (d === 'no_data' || d === undefined) return withheld('no_data');
  return withheld('too_few_people');
}

export function windowLabel(months: readonly string[]): { from: string; to: string } {
  return { from: months[0] ?? '', to: months[months.length - 1] ?? '' };
}

export function publishTree(config: PrivacyConfig, org: OrgWindow, metrics: readonly MetricId[] = METRIC_IDS): PublishedTree {
  const window = windowLabel(org.window.months);
  const period = `${window.from}..${window.to}`;
  const disclosures = new Map<MetricId, Map<string, Disclosure>>();
  // Most metrics cover the same people in every unit: each distinct pattern is disclosed once.
  const decided = new Map<string, Map<string, Disclosure>>();
  for (const metric of metrics) {
    // A unit without a value for the metric has nothing to show or protect.
    const counts = org.units.map((u) => ((u.metrics[metric]?.quests ?? 0) > 0 ? (u.people[metric] ?? 0) : 0));
    const threshold = thresholdFor(config, definitionOf(metric).textDerived);
    const key = `${threshold}|${counts.join(',')}`;
    let d = decided.get(key);
    if (!d) {
      d = disclose(
        org.units.map((u, i) => ({ id: u.id, parent: u.parent, people: counts[i] as number })),
        threshold,
      );
      decided.set(key, d);
    }
    disclosures.set(metric, d);
  }
  const anyUnits = org.units.map((u) => ({ id: u.id, parent: u.parent, people: u.quests > 0 ? u.peopleAny : 0 }));
  const anyDisclosure = disclose(anyUnits, config.minPeople);

  const units: PublishedUnit[] = org.units.map((u) => {
    const key = `${org.orgId}|${u.id}|${period}`;
    const figures: Partial<Record<MetricId, Figure>> = {};
    for (const metric of metrics) {
      const d = disclosures.get(metric)?.get(u.id);
      const sums = u.metrics[metric];
      figures[metric] =
        d === 'shown' && sums && sums.quests > 0 ? publishFigure(config, metric, sums.sum / sums.quests, key) : reasonOf(d);
    }
    const shown = anyDisclosure.get(u.id) === 'shown';
    return {
      id: u.id,
      name: u.name,
      level: u.level,
      parent: u.parent,
      quests: shown ? publishCount(config, u.quests, key) : reasonOf(anyDisclosure.get(u.id)),
      groupSize: shown ? groupSize(config.minPeople) : reasonOf(anyDisclosure.get(u.id)),
      figures,
    };
  });
  const plain = org.units.map((u) => ({ id: u.id, parent: u.parent, people: 0 }));
  return {
    window,
    units,
    sourceOf: (unitId, metric) => pooledUnit(plain, disclosures.get(metric) ?? new Map(), unitId),
  };
}
