// A finished quest for coach tests: Ship by Friday played by bots, with a person id for every seat.
import { createHash } from 'node:crypto';
import { type CompiledScenario, type SimulationResult, simulate } from '../../engine/index.ts';
import { loadCatalog } from '../../scenarios/catalog.ts';
import type { QuestForCoaching } from './coach.ts';

export function uuidOf(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface PlayedQuest {
  scenario: CompiledScenario;
  sim: SimulationResult;
  quest: QuestForCoaching;
  /** role -> person id */
  people: Record<string, string>;
}

export function playedQuest(name: string, seed = 7): PlayedQuest {
  const scenario = loadCatalog().get('ship-by-friday');
  if (!scenario) throw new Error('the ship-by-friday scenario is missing');
  const sim = simulate({ scenario, seed, personas: ['collaborative', 'positional', 'quiet', 'collaborative'] });
  const people = Object.fromEntries(sim.seats.map((s) => [s.role, uuidOf(name, 'person', s.role)]));
  return {
    scenario,
    sim,
    people,
    quest: {
      questId: uuidOf(name, 'quest', String(seed)),
      scenario,
      events: sim.events,
      vars: sim.state.vars,
      players: sim.seats.map((s) => ({ personId: people[s.role] as string, role: s.role })),
    },
  };
}
