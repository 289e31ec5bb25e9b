// What one metric family returns for one quest: team values, whose behaviour each value aggregates (the privacy
// layer counts these people), and per-person counts. Per-person counts never leave the pipeline except into that
// person's own view and their XP.
import type { RoleId } from '../../../engine/index.ts';
import type { MetricId } from './metric-catalogue.ts';

export interface PersonFacts {
  turns: number;
  messages: number;
  questions: number;
  followUps: number;
  bids: number;
  bidsAnswered: number;
  repliesGiven: number;
  exchanges: number;
  interestMoves: number;
  positionalMoves: number;
  cardsShared: number;
  keyCardsShared: number;
  needsNamed: number;
  proposals: number;
  risksNamed: number;
  risksPriced: number;
  dissentRaised: number;
  bridges: number;
  bridgesAccepted: number;
  checkIns: number;
  heatedCheckIns: number;
  escalationCues: number;
  overruled: number;
  withdrawals: number;
}

export type PersonFactName = keyof PersonFacts;

export const PERSON_FACT_NAMES: readonly PersonFactName[] = [
  'turns',
  'messages',
  'questions',
  'followUps',
  'bids',
  'bidsAnswered',
  'repliesGiven',
  'exchanges',
  'interestMoves',
  'positionalMoves',
  'cardsShared',
  'keyCardsShared',
  'needsNamed',
  'proposals',
  'risksNamed',
  'risksPriced',
  'dissentRaised',
  'bridges',
  'bridgesAccepted',
  'checkIns',
  'heatedCheckIns',
  'escalationCues',
  'overruled',
  'withdrawals',
];

export function emptyFacts(): PersonFacts {
  return Object.fromEntries(PERSON_FACT_NAMES.map((k) => [k, 0])) as unknown as PersonFacts;
}

export interface FamilyResult {
  values: Partial<Record<MetricId, number | null>>;
  /** Whose behaviour a value aggregates, when it is not everyone in the quest. */
  subjects?: Partial<Record<MetricId, readonly RoleId[]>>;
  facts?: ReadonlyMap<RoleId, Partial<PersonFacts>>;
}

/** Adds counts into a per-role map of partial facts. */
export function tally(map: Map<RoleId, Partial<PersonFacts>>, role: RoleId, fact: PersonFactName, by = 1): void {
  const f = map.get(role) ?? {};
  f[fact] = (f[fact] ?? 0) + by;
  map.set(role, f);
}
