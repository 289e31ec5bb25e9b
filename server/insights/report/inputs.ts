// What the report builders read: roll-up sums per unit, and, inside the pipeline only, per-quest records with the
// people in them. Builders are pure; server/insights/dashboard-query.ts fills these from the roll-up tables.
import type { PersonFacts } from '../metrics/family-result.ts';
import type { MetricId } from '../metrics/metric-catalogue.ts';

/** A span of complete calendar months, 'YYYY-MM', oldest first. */
export interface MonthWindow {
  months: string[];
}

export interface MetricSums {
  quests: number;
  sum: number;
  sumSq: number;
}

export type UnitLevel = 'organisation' | 'group' | 'team';

export interface UnitSums {
  id: string;
  parent: string | null;
  name: string;
  level: UnitLevel;
  metrics: Partial<Record<MetricId, MetricSums>>;
  /** Distinct consenting people whose data went into each metric over the window. */
  people: Partial<Record<MetricId, number>>;
  /** Distinct consenting people in any of the unit's quests over the window. */
  peopleAny: number;
  quests: number;
}

export interface OrgWindow {
  orgId: string;
  window: MonthWindow;
  units: UnitSums[];
}

export interface PersonInQuest {
  facts: PersonFacts;
  /** Which metrics this person's data went into, one bit per metric (metricBit). */
  mask: bigint;
}

/** One quest, inside the pipeline: never handed to a lead as it is. */
export interface QuestRecord {
  questId: string;
  /** 'YYYY-MM' */
  month: string;
  endedAt: number;
  values: Partial<Record<MetricId, number>>;
  people: ReadonlyMap<string, PersonInQuest>;
}

/** A unit's most recent quests, newest last, for its trends. */
export interface UnitHistory {
  unitId: string;
  quests: QuestRecord[];
}

export interface SharedPerson {
  personId: string;
  name: string;
  sharedAt: number;
  /** The person's own recent quests, for their strengths. */
  quests: { questId: string; endedAt: number; facts: PersonFacts }[];
}
