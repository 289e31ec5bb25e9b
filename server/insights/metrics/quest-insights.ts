// Every metric family over one quest: the team's values, whose data each value aggregates, and each person's counts.
// Pure: the same events and context give the same result, whatever order the events were read in.
import type { RoleId } from '../../../engine/index.ts';
import { bridging } from './bridging.ts';
import { dissentBeforeVote } from './dissent.ts';
import { escalationRepair } from './escalation-repair.ts';
import { exchangeEnergy } from './exchange-energy.ts';
import { emptyFacts, type FamilyResult, PERSON_FACT_NAMES, type PersonFacts } from './family-result.ts';
import { informationPooling } from './information-pooling.ts';
import { inquiry } from './inquiry.ts';
import { interestMoves } from './interest-moves.ts';
import { listening } from './listening.ts';
import { METRIC_IDS, type MetricId } from './metric-catalogue.ts';
import { moments } from './moments.ts';
import { type LoggedEvent, type QuestContext, readQuestLog } from './quest-log.ts';
import { tradeOffProtocol } from './trade-off-protocol.ts';
import { turnTaking } from './turn-taking.ts';
import { withdrawal } from './withdrawal.ts';

export interface QuestInsights {
  /** Null where the quest gives no value (no decisions, no bids, fewer than two people…). */
  values: Record<MetricId, number | null>;
  /** For every metric with a value: the roles whose data it aggregates. */
  subjects: Partial<Record<MetricId, readonly RoleId[]>>;
  /** Every person's counts; a person with no moves has all zeros. */
  people: Map<RoleId, PersonFacts>;
  activeMs: number;
  turns: number;
  endedAt: number | null;
}

const FAMILIES: readonly ((log: ReturnType<typeof readQuestLog>) => FamilyResult)[] = [
  turnTaking,
  exchangeEnergy,
  inquiry,
  listening,
  dissentBeforeVote,
  interestMoves,
  informationPooling,
  tradeOffProtocol,
  escalationRepair,
  withdrawal,
  bridging,
  moments,
];

export function questInsights(events: readonly LoggedEvent[], context: QuestContext): QuestInsights {
  const log = readQuestLog(events, context);
  const values = Object.fromEntries(METRIC_IDS.map((id) => [id, null])) as Record<MetricId, number | null>;
  const subjects: Partial<Record<MetricId, readonly RoleId[]>> = {};
  const people = new Map(log.people.map((p) => [p, emptyFacts()]));
  for (const family of FAMILIES) {
    const r = family(log);
    for (const [id, v] of Object.entries(r.values) as [MetricId, number | null][]) {
      values[id] = v !== null && Number.isFinite(v) ? v : null;
    }
    for (const [id, who] of Object.entries(r.subjects ?? {}) as [MetricId, readonly RoleId[]][]) subjects[id] = who;
    for (const [role, f] of r.facts ?? []) {
      const mine = people.get(role);
      if (!mine) continue;
      for (const k of PERSON_FACT_NAMES) mine[k] += f[k] ?? 0;
    }
  }
  for (const id of METRIC_IDS) {
    if (values[id] === null) delete subjects[id];
    else subjects[id] ??= log.people;
  }
  return { values, subjects, people, activeMs: log.activeMs, turns: log.turns.length, endedAt: log.endedAt };
}
