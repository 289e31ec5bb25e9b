// How a quest's state goes into its stored stream alongside the events: the status its row shows, and when the
// state itself is stored as a snapshot so that loading a quest replays only the events after it.
import type { QuestEvent, QuestState } from '../../engine/index.ts';
import type { QuestRowStatus } from '../store/schema.ts';

/** The engine's 'ready' (set up, start not yet decided) has no row status: past its lobby a quest counts as running. */
export function rowStatus(s: QuestState): QuestRowStatus {
  return s.status === 'ready' ? 'running' : s.status;
}

/** Every `every` events, and at each scene start and the ending, the states a reader is most likely to want. */
export function snapshotDue(every: number, before: QuestState, after: QuestState, events: readonly QuestEvent[]): boolean {
  if (Math.floor(before.version / every) !== Math.floor(after.version / every)) return true;
  return events.some((e) => e.type === 'scene_started' || e.type === 'quest_ended');
}
