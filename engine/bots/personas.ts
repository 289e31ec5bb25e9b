// Bot personas and the one entry point a server or simulator calls: given a seat's own view, the bot's memory and
// its random stream, the next command (or none). Pure and deterministic; a bot sees only what its seat sees.
import { seedState } from '../prng.ts';
import type { RoleId } from '../quest-state.ts';
import type { CompiledScenario } from '../scenario.ts';
import type { QuestView } from '../views.ts';
import { collaborativeMove } from './collaborative.ts';
import type { Position } from './knowledge.ts';
import { positionalMove } from './positional.ts';
import { quietMove } from './quiet.ts';
import { type BotCommand, type BotMemory, Turn } from './turn.ts';

export const PERSONAS = [
  {
    id: 'collaborative',
    name: 'Collaborative',
    description:
      'Pools every intel card, names its own need, asks others what they know, proposes the best choice it can see ' +
      'with priced risks and bearers, backs proposals close to its best, bridges with amendments, and calls a ' +
      'check-in when objections pile up.',
  },
  {
    id: 'positional',
    name: 'Positional',
    description:
      "Restates its role's position, keeps its intel to itself, proposes its position, objects to everything else " +
      'with the reason its role always gives, and votes only for its own position (late in a majority vote it ' +
      'joins a proposal its vote would carry).',
  },
  {
    id: 'quiet',
    name: 'Quiet',
    description:
      'Withdrawal: says little, shares nothing, never proposes or objects, and votes yes on whatever already has ' +
      'the most backing.',
  },
] as const;

export type PersonaId = (typeof PERSONAS)[number]['id'];
export const PERSONA_IDS: readonly PersonaId[] = PERSONAS.map((p) => p.id);

export function isPersona(name: unknown): name is PersonaId {
  return typeof name === 'string' && (PERSONA_IDS as readonly string[]).includes(name);
}

export interface BotContext {
  /** The bot's own role's position (decision -> option); see positionOf(). */
  position?: Position;
  /** The current time in ms; defaults to the view's clock. Bots judge "near the end of the discussion" by it. */
  now?: number;
}

export interface BotMove {
  command: BotCommand | null;
  memory: BotMemory;
  rng: number;
}

const MOVES: Record<PersonaId, (t: Turn) => BotCommand | null> = {
  collaborative: collaborativeMove,
  positional: positionalMove,
  quiet: quietMove,
};

/**
 * The bot's next command from its own seat's view (viewFor(state, { role }, scenario, { hints: true })).
 * An unknown persona plays collaboratively, as the engine seats bots by default. A spectator's view, a quest
 * that is not running, or nothing useful to do all give { command: null }.
 */
export function nextMove(persona: string, view: QuestView, memory: BotMemory, rng: number, context: BotContext = {}): BotMove {
  const me = view.me?.role;
  if (!me || view.status !== 'running' || !view.scene) return { command: null, memory, rng };
  const turn = new Turn(view, memory, rng, me, context.position ?? {}, context.now ?? view.clock);
  const move = MOVES[isPersona(persona) ? persona : 'collaborative'];
  const command = move(turn);
  return { command, memory: turn.memory, rng: turn.rng };
}

/** A role's position from the scenario: the one piece of its own role definition a bot reads besides its view. */
export function positionOf(scenario: CompiledScenario, role: RoleId): Position {
  return { ...(scenario.roles.get(role)?.position ?? {}) };
}

/** A bot's own random stream, different for every role of the same quest seed. */
export function botRng(seed: number, role: RoleId): number {
  let h = 0;
  for (const ch of role) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return seedState(seed ^ h);
}
