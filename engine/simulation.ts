// A whole quest played by bots on a virtual clock. Pure: the same scenario, seed and personas give the same
// events, byte for byte. Used by the `polarity` CLI to read a scenario's transcript and to measure its balance.
import { botRng, isPersona, nextMove, PERSONA_IDS, type PersonaId, positionOf } from './bots/personas.ts';
import { type BotMemory, initialBotMemory } from './bots/turn.ts';
import type { Actor } from './commands.ts';
import { decide, initialState, nextDeadline } from './decide.ts';
import type { QuestEvent } from './events.ts';
import { evolve } from './evolve.ts';
import { nextRandom, seedState } from './prng.ts';
import type { DecisionRecord, QuestState, RoleId, Seat } from './quest-state.ts';
import type { LoggedCommand } from './replay.ts';
import type { CompiledScenario } from './scenario.ts';
import { type QuestView, viewFor } from './views.ts';

export interface SimulationInput {
  scenario: CompiledScenario;
  seed: number;
  /** One persona per role: by role id, or a list in the scenario's role order (a single name seats it everywhere). */
  personas: Record<RoleId, string> | readonly string[];
  /** Upper bound on bot turns, so a simulation always ends; default 20,000. */
  maxTurns?: number;
}

export interface SimulationResult {
  scenarioId: string;
  seed: number;
  seats: Seat[];
  /** Accepted commands in order, each stamped with its virtual time: replay.commands() rebuilds the quest. */
  log: LoggedCommand[];
  events: QuestEvent[];
  /** Commands the engine refused; a well-behaved bot produces none. */
  rejected: { actor: Actor; command: unknown; reason: string }[];
  state: QuestState;
  /** The choice made at each decision, e.g. "release=pilot_flag > aftermath=cleanup_now". */
  path: string;
  turns: number;
}

export class SimulationError extends Error {}

/** Virtual start time. Zero keeps transcripts readable as minutes into the quest. */
export const SIMULATION_EPOCH = 0;
const THINK_MIN_MS = 4_000;
const THINK_SPREAD_MS = 16_000;
const IDLE_GLANCE_MS = 30_000;

export function seatsFor(scenario: CompiledScenario, personas: SimulationInput['personas']): Seat[] {
  const roles = scenario.def.roles.map((r) => r.id);
  let byRole: Record<string, string>;
  if (Array.isArray(personas)) {
    const list = personas as readonly string[];
    if (list.length !== 1 && list.length !== roles.length) {
      throw new SimulationError(
        `${scenario.id} has ${roles.length} roles (${roles.join(', ')}); give one persona for all or one per role, not ${list.length}`,
      );
    }
    byRole = Object.fromEntries(roles.map((r, i) => [r, (list.length === 1 ? list[0] : list[i]) as string]));
  } else {
    byRole = personas as Record<string, string>;
    for (const r of Object.keys(byRole))
      if (!roles.includes(r)) throw new SimulationError(`'${r}' is not a role in ${scenario.id}`);
  }
  return roles.map((role) => {
    const persona = byRole[role];
    if (persona === undefined) throw new SimulationError(`role '${role}' has no persona`);
    if (!isPersona(persona)) throw new SimulationError(`unknown persona '${persona}' (known: ${PERSONA_IDS.join(', ')})`);
    return { role, kind: 'bot', persona };
  });
}

/** A plan is a set: its items are sorted so the same plan proposed in another order is the same path. */
export function choicePath(decisions: readonly DecisionRecord[]): string {
  return decisions
    .map((d) => `${d.decision}=${'option' in d.choice ? d.choice.option : [...d.choice.items].sort().join('+')}`)
    .join(' > ');
}

interface BotSeat {
  role: RoleId;
  persona: PersonaId;
  memory: BotMemory;
  rng: number;
  nextTurnAt: number;
  /** The last view built for this seat: views depend only on the state, so an unchanged state reuses it. */
  view: QuestView | null;
}

export function simulate(input: SimulationInput): SimulationResult {
  const { scenario, seed } = input;
  if (!Number.isSafeInteger(seed)) throw new SimulationError('the seed must be a whole number');
  const seats = seatsFor(scenario, input.personas);
  const maxTurns = input.maxTurns ?? 20_000;
  let state = initialState(scenario, seed, seats);
  let clockRng = seedState(seed ^ 0x51a7e);
  const think = () => {
    const r = nextRandom(clockRng);
    clockRng = r.rng;
    return THINK_MIN_MS + Math.floor(r.value * THINK_SPREAD_MS);
  };
  const log: LoggedCommand[] = [];
  const events: QuestEvent[] = [];
  const rejected: SimulationResult['rejected'] = [];
  const send = (actor: Actor, command: { type: string; at: number; [field: string]: unknown }): void => {
    const r = decide(state, command, { scenario, actor });
    if (!r.ok) {
      rejected.push({ actor, command, reason: r.reason });
      return;
    }
    log.push({ actor, command });
    for (const e of r.events) {
      state = evolve(state, e);
      events.push(e);
    }
  };

  send({ system: true }, { type: 'start', at: SIMULATION_EPOCH });
  const bots: BotSeat[] = seats.map((s) => ({
    role: s.role,
    persona: s.persona as PersonaId,
    memory: initialBotMemory(),
    rng: botRng(seed, s.role),
    nextTurnAt: SIMULATION_EPOCH + think(),
    view: null,
  }));
  const positions = new Map(seats.map((s) => [s.role, positionOf(scenario, s.role)]));

  let turns = 0;
  while (state.status !== 'finished') {
    if (turns >= maxTurns) {
      send({ system: true }, { type: 'end', at: state.clock, reason: `simulation stopped after ${maxTurns} bot turns` });
      break;
    }
    // The earliest bot moves next; role order breaks ties, so the schedule never depends on anything but the seed.
    let bot = bots[0] as BotSeat;
    for (const b of bots) if (b.nextTurnAt < bot.nextTurnAt) bot = b;
    const due = nextDeadline(state);
    if (due !== null && due <= bot.nextTurnAt) {
      send({ system: true }, { type: 'deadline', at: Math.max(due, state.clock) });
      continue;
    }
    turns++;
    const now = Math.max(bot.nextTurnAt, state.clock);
    const view = bot.view?.version === state.version ? bot.view : viewFor(state, { role: bot.role }, scenario, { hints: true });
    bot.view = view;
    const move = nextMove(bot.persona, view, bot.memory, bot.rng, { position: positions.get(bot.role) ?? {}, now });
    bot.memory = move.memory;
    bot.rng = move.rng;
    const before = state.version;
    if (move.command) send({ role: bot.role }, { ...move.command, at: now });
    // A bot with nothing to do looks up now and then (positional bots watch the clock); any change wakes everyone.
    bot.nextTurnAt = now + (move.command ? think() : think() + IDLE_GLANCE_MS);
    if (state.version !== before) {
      for (const b of bots) if (b !== bot) b.nextTurnAt = Math.min(b.nextTurnAt, now + think());
    }
  }
  return {
    scenarioId: scenario.id,
    seed,
    seats,
    log,
    events,
    rejected,
    state,
    path: choicePath(state.decisions),
    turns,
  };
}
