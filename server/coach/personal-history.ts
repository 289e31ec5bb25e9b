// What the coach knows about one person when they ask something: only their own past debriefs' signals, folded into
// the strengths they have shown (with one of their own moments each), what they were asked to practise, and totals.
import type { QuestSignals } from './debrief-writer.ts';
import type { FrameworkStep } from './framework.ts';
import type { BehaviourSignals } from './quest-moments.ts';

export interface PersonalHistory {
  quests: number;
  /** Most recent first. */
  strengths: { step: FrameworkStep; moment: string; scenarioTitle: string }[];
  /** Most recent first. */
  practised: { step: FrameworkStep; scenarioTitle: string }[];
  totals: BehaviourSignals | null;
}

export const EMPTY_HISTORY: PersonalHistory = { quests: 0, strengths: [], practised: [], totals: null };

/** From signals most recent first. */
export function historyFrom(signals: readonly QuestSignals[]): PersonalHistory {
  if (signals.length === 0) return EMPTY_HISTORY;
  const totals = {} as BehaviourSignals;
  for (const s of signals) {
    for (const [k, v] of Object.entries(s.signals) as [keyof BehaviourSignals, number][]) totals[k] = (totals[k] ?? 0) + v;
  }
  return {
    quests: signals.length,
    strengths: signals.flatMap((s) => s.strengths.map((x) => ({ ...x, scenarioTitle: s.scenarioTitle }))),
    practised: signals.map((s) => ({ step: s.practise, scenarioTitle: s.scenarioTitle })),
    totals,
  };
}
