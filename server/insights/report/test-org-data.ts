// Test support: organisations made of quests written as plain objects, rolled up the way the roll-up tables do it
// (team-month sums and team-month-person masks), so report builders can be tested without a database.

import { type MetricSumsJson, packedOf } from '../metric-sums.ts';
import { emptyFacts, type PersonFacts } from '../metrics/family-result.ts';
import { type MetricId, metricBit } from '../metrics/metric-catalogue.ts';
import type { OrgWindow, QuestRecord } from './inputs.ts';
import { maskHalves, type OrgStructure, orgWindowOf } from './org-window.ts';

export interface QuestSpec {
  teamId: string | null;
  month: string;
  endedAt: number;
  values: Partial<Record<MetricId, number>>;
  people: readonly string[];
  facts?: (personId: string) => Partial<PersonFacts>;
}

let counter = 0;

export function questRecord(spec: QuestSpec): QuestRecord {
  let mask = 0n;
  for (const id of Object.keys(spec.values) as MetricId[]) mask |= 1n << BigInt(metricBit(id));
  return {
    questId: `q${++counter}`,
    month: spec.month,
    endedAt: spec.endedAt,
    values: spec.values,
    people: new Map(spec.people.map((p) => [p, { facts: { ...emptyFacts(), ...spec.facts?.(p) }, mask }])),
  };
}

/** The window as the dashboard query would read it from roll-ups of these quests. */
export function orgWindowFrom(
  structure: OrgStructure,
  months: readonly string[],
  quests: readonly (QuestRecord & { teamId: string | null })[],
): OrgWindow {
  const buckets = new Map<string, { teamId: string | null; quests: number; sums: MetricSumsJson }>();
  const masks = new Map<string, { teamId: string | null; personId: string; mask: bigint }>();
  for (const q of quests) {
    if (!months.includes(q.month)) continue;
    const key = `${q.teamId}|${q.month}`;
    const b = buckets.get(key) ?? { teamId: q.teamId, quests: 0, sums: {} };
    b.quests++;
    for (const [id, v] of Object.entries(q.values) as [MetricId, number][]) {
      const s = b.sums[id] ?? [0, 0, 0];
      s[0]++;
      s[1] += v;
      s[2] += v * v;
      b.sums[id] = s;
    }
    buckets.set(key, b);
    for (const [p, x] of q.people) {
      const k = `${q.teamId}|${q.month}|${p}`;
      const m = masks.get(k) ?? { teamId: q.teamId, personId: p, mask: 0n };
      m.mask |= x.mask;
      masks.set(k, m);
    }
  }
  return orgWindowOf(
    structure,
    months,
    [...buckets.values()].map((b) => ({ ...b, sums: packedOf(b.sums) })),
    [...masks.values()].map((m) => ({ teamId: m.teamId, personId: m.personId, ...maskHalves(m.mask) })),
  );
}

export const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];

export function monthStart(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Date.UTC(y, m - 1, 1);
}
