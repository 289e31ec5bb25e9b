// Splits a unit's quests into recent and earlier ones for the trend rule, so that each side covers enough distinct
// people for the metric: a verdict about "the last three quests" of three people would describe those people.
import { type MetricId, metricBit } from '../metrics/metric-catalogue.ts';
import type { QuestRecord } from './inputs.ts';
import { MIN_BASELINE_QUESTS, MIN_RECENT_QUESTS } from './trend.ts';

/** How far back the earlier side reaches, in quests with a value. */
export const MAX_BASELINE_QUESTS = 15;

export interface RecentSplit {
  recent: number[];
  baseline: number[];
}

/** Null when either side cannot reach its minimum quests and people. Both sides are oldest first. */
export function splitRecent(quests: readonly QuestRecord[], metric: MetricId, minPeople: number): RecentSplit | null {
  const bit = 1n << BigInt(metricBit(metric));
  const withValue = [...quests].sort((a, b) => a.endedAt - b.endedAt).filter((q) => q.values[metric] !== undefined);
  const recent: QuestRecord[] = [];
  const recentPeople = new Set<string>();
  let i = withValue.length - 1;
  for (; i >= 0; i--) {
    const q = withValue[i] as QuestRecord;
    recent.unshift(q);
    for (const [p, x] of q.people) if (x.mask & bit) recentPeople.add(p);
    if (recent.length >= MIN_RECENT_QUESTS && recentPeople.size >= minPeople) break;
  }
  if (recent.length < MIN_RECENT_QUESTS || recentPeople.size < minPeople) return null;
  const baseline: QuestRecord[] = [];
  const baselinePeople = new Set<string>();
  for (let j = i - 1; j >= 0 && baseline.length < MAX_BASELINE_QUESTS; j--) {
    const q = withValue[j] as QuestRecord;
    baseline.unshift(q);
    for (const [p, x] of q.people) if (x.mask & bit) baselinePeople.add(p);
  }
  if (baseline.length < MIN_BASELINE_QUESTS || baselinePeople.size < minPeople) return null;
  const values = (qs: QuestRecord[]) => qs.map((q) => q.values[metric] as number);
  return { recent: values(recent), baseline: values(baseline) };
}
