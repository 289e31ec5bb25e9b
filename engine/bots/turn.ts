// One bot turn: the seat's view, a working copy of its memory and its own random stream. Personas read the view
// and write notes here; the caller gets back a new memory and rng, so a bot is a pure function of its inputs.
import type { PlayerCommandInput } from '../commands.ts';
import { nextRandom } from '../prng.ts';
import type { RoleId } from '../quest-state.ts';
import type { QuestView } from '../views.ts';
import { type Decision, type Position, visibleCards } from './knowledge.ts';

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;
/** A player command as a bot sends it; the caller stamps the time. */
export type BotCommand = WithoutAt<PlayerCommandInput>;

/** What a bot remembers between turns. Plain JSON, so a server can keep it next to the seat. */
export interface BotMemory {
  /** The scene the per-scene notes below belong to. */
  scene: string | null;
  phase: string | null;
  /** When this seat first saw the current phase: bots judge "near the end" against it. */
  phaseSince: number | null;
  /** One-off moves already made in this scene, by key (e.g. 'hello', 'object:p3@1'). */
  done: string[];
  statements: number;
  /** card id -> when this seat first knew the card was pooled with the team. */
  pooledAt: Record<string, number>;
  /** 'p3@2' -> when this seat first saw that revision of a proposal. */
  revisionAt: Record<string, number>;
}

export function initialBotMemory(): BotMemory {
  return { scene: null, phase: null, phaseSince: null, done: [], statements: 0, pooledAt: {}, revisionAt: {} };
}

export class Turn {
  readonly memory: BotMemory;
  rng: number;
  constructor(
    readonly view: QuestView,
    memory: BotMemory,
    rng: number,
    readonly me: RoleId,
    readonly position: Position,
    readonly now: number,
  ) {
    this.memory = {
      ...memory,
      done: [...memory.done],
      pooledAt: { ...memory.pooledAt },
      revisionAt: { ...memory.revisionAt },
    };
    this.rng = rng;
    this.observe();
  }

  /** Keep track of when things were first seen, and start fresh notes in every new scene. */
  private observe(): void {
    const m = this.memory;
    const scene = this.view.scene;
    if (scene && scene.id !== m.scene) {
      m.scene = scene.id;
      m.done = [];
      m.statements = 0;
      m.phase = null;
    }
    if (scene && scene.phase !== m.phase) {
      m.phase = scene.phase;
      m.phaseSince = this.now;
    }
    for (const c of visibleCards(this.view)) {
      if (c.sharedWith === 'team' && m.pooledAt[c.id] === undefined) m.pooledAt[c.id] = this.now;
    }
    for (const p of this.view.proposals) {
      const key = `${p.id}@${p.revision}`;
      if (m.revisionAt[key] === undefined) m.revisionAt[key] = p.revision === 1 ? p.at : this.now;
    }
  }

  draw(): number {
    const r = nextRandom(this.rng);
    this.rng = r.rng;
    return r.value;
  }

  pick<T>(xs: readonly T[]): T | undefined {
    return xs.length === 0 ? undefined : xs[Math.floor(this.draw() * xs.length)];
  }

  did(key: string): boolean {
    return this.memory.done.includes(key);
  }

  /** Note a one-off move and pass the command through. */
  once(key: string, command: BotCommand): BotCommand {
    this.memory.done.push(key);
    return command;
  }

  get decision(): Decision | null {
    return this.view.decision;
  }

  /** Share of the current phase already gone, 0..1, from when this seat first saw it. */
  get phaseElapsed(): number {
    const ends = this.view.scene?.endsAt;
    const since = this.memory.phaseSince;
    if (ends == null || since == null || ends <= since) return 0;
    return Math.min(1, Math.max(0, (this.now - since) / (ends - since)));
  }

  get iAmReady(): boolean {
    return this.view.roles.some((r) => r.id === this.me && r.ready);
  }
}
