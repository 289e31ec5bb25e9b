// What happens for the coach when a quest ends: the finished quest is read back from the store (its scenario, its
// whole event log, its final variables, and who sat in which human seat as a signed-in person), and every seated
// person who takes part gets their private debrief. The reaction is one plain function of a quest id, which the
// durable quest-ended job (server/jobs/quest-ended.ts) runs, retries, and recovers after a crash; running it twice
// is harmless, because the coach stores one debrief per person and quest and skips a quest already debriefed.
import { type CompiledScenario, type QuestState, replay } from '../../engine/index.ts';
import type { QuestStore } from '../store/quest-store.ts';
import type { Coach, CoachLogger, QuestForCoaching } from './coach.ts';

export type QuestEndedOutcome =
  | { outcome: 'debriefed'; created: number; skipped: number }
  | { outcome: 'not_finished' | 'no_such_quest' | 'unknown_scenario' | 'nobody_signed_in' };

export interface QuestEndedDebriefsOptions {
  store: Pick<QuestStore, 'quest' | 'players' | 'events' | 'latestSnapshot'>;
  /** The catalog, or a lookup that also finds generated scenarios (server/quests/scenario-source.ts). */
  scenarios:
    | ReadonlyMap<string, CompiledScenario>
    | ((quest: { scenarioId: string; scenarioHash: string }) => Promise<CompiledScenario | null>);
  coach: Pick<Coach, 'debriefQuest'>;
  /** Accounts' consent: a person who does not take part is never handed to the coach at all. */
  isTakingPart: (personId: string) => Promise<boolean>;
  logger?: CoachLogger;
}

/** Reads a finished quest the way the coach needs it; null with the reason when there is nothing to debrief. */
export async function finishedQuestForCoaching(
  opts: Pick<QuestEndedDebriefsOptions, 'store' | 'scenarios' | 'isTakingPart' | 'logger'>,
  questId: string,
): Promise<QuestForCoaching | Exclude<QuestEndedOutcome['outcome'], 'debriefed'>> {
  const row = await opts.store.quest(questId);
  if (!row) return 'no_such_quest';
  const stored = await opts.store.events(questId);
  const events = stored.map((e) => e.event);
  if (!events.some((e) => e.type === 'quest_ended')) return 'not_finished';
  const scenario =
    typeof opts.scenarios === 'function' ? await opts.scenarios(row) : (opts.scenarios.get(row.scenarioId) ?? null);
  if (!scenario) {
    opts.logger?.warn(
      { questId, scenarioId: row.scenarioId },
      'a finished quest names a scenario neither in the catalog nor stored',
    );
    return 'unknown_scenario';
  }

  // Only roles the engine seated as human: a role filled by a bot has no person behind it even if a row names one.
  const human = new Set((row.seats ?? []).filter((s) => s.kind === 'human').map((s) => s.role));
  const players: QuestForCoaching['players'] = [];
  const seen = new Set<string>();
  for (const p of await opts.store.players(questId)) {
    if (!p.personId || !p.seat || !human.has(p.seat)) continue;
    // One person, one debrief: a person who joined twice is debriefed for the seat they took first.
    if (seen.has(p.personId) || players.some((x) => x.role === p.seat)) continue;
    seen.add(p.personId);
    if (await opts.isTakingPart(p.personId)) players.push({ personId: p.personId, role: p.seat });
  }
  if (players.length === 0) return 'nobody_signed_in';

  // The final variables give scene titles with placeholders their values: the latest snapshot plus what followed.
  const snap = await opts.store.latestSnapshot(questId);
  let vars: QuestState['vars'] | undefined;
  if (snap) {
    const later = stored.filter((e) => e.seq > snap.version).map((e) => e.event);
    vars = replay.events(snap.state, later).vars;
  }
  return { questId, scenario, events, ...(vars ? { vars } : {}), players };
}

/**
 * The reaction to a quest's end: debriefs its consenting signed-in players, once each. Throws when the store or the
 * coach fails, so a queue retries it; resolves quietly when there is nothing to do.
 */
export function questEndedDebriefs(opts: QuestEndedDebriefsOptions): (questId: string) => Promise<QuestEndedOutcome> {
  return async (questId) => {
    const quest = await finishedQuestForCoaching(opts, questId);
    if (typeof quest === 'string') return { outcome: quest };
    const results = await opts.coach.debriefQuest(quest);
    const created = results.filter((r) => r.created).length;
    opts.logger?.info({ questId, created, skipped: results.length - created }, 'debriefs written for an ended quest');
    return { outcome: 'debriefed', created, skipped: results.length - created };
  };
}
