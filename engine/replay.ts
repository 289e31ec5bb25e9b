// Rebuilding a quest: from its command log (decide again, the source of truth for tests and audits) or from
// stored events (fold evolve over them, what the server does on load).
import type { Actor } from './commands.ts';
import { decide, initialState } from './decide.ts';
import type { QuestEvent } from './events.ts';
import { evolve } from './evolve.ts';
import type { QuestState, Seat } from './quest-state.ts';
import type { CompiledScenario } from './scenario.ts';
import { hashJson } from './state-hash.ts';

export interface LoggedCommand {
  actor: Actor;
  command: unknown;
}

export const replay = {
  events(from: QuestState, events: readonly QuestEvent[]): QuestState {
    let s = from;
    for (const e of events) s = evolve(s, e);
    return s;
  },
  /** Re-run every command; rejected ones are skipped exactly as they were the first time. */
  commands(
    scenario: CompiledScenario,
    seed: number,
    seats: Seat[],
    log: readonly LoggedCommand[],
  ): { state: QuestState; events: QuestEvent[] } {
    let s = initialState(scenario, seed, seats);
    const events: QuestEvent[] = [];
    for (const { actor, command } of log) {
      const r = decide(s, command, { scenario, actor });
      if (!r.ok) continue;
      for (const e of r.events) {
        s = evolve(s, e);
        events.push(e);
      }
    }
    return { state: s, events };
  },
  hash(state: QuestState): string {
    return hashJson(state);
  },
};
