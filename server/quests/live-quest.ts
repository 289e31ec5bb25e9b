// One quest as the server holds it in memory: its row, players, current state and the timers that keep it moving.
// Every change to a quest runs through exclusive(), one at a time, so a decision is always made on the state it
// will be appended after.
import type { BotMemory, CompiledScenario, QuestState, SeatRef } from '../../engine/index.ts';
import type { PlayerRow, QuestRow } from '../store/quest-store.ts';

export interface BotSeat {
  role: string;
  persona: string;
  memory: BotMemory;
  rng: number;
  timer: unknown;
  /** A turn is being played: the seat is not rescheduled by the changes that turn causes. */
  busy: boolean;
}

export class LiveQuest {
  /** Open sockets per player: a second tab closing must not mark the player gone. */
  readonly connections = new Map<string, number>();
  /** Players with a socket open on another live process, as last read (shared play: presence.ts). */
  readonly elsewhere = new Set<string>();
  /** When each player's last socket closed, by the service clock. */
  readonly disconnectedAt = new Map<string, number>();
  readonly graceTimers = new Map<string, unknown>();
  readonly bots = new Map<string, BotSeat>();
  /** Service-clock times of recent bot moves, for the per-quest bot rate bound. */
  botMoves: number[] = [];
  deadlineTimer: unknown = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    public row: QuestRow,
    public players: PlayerRow[],
    readonly scenario: CompiledScenario,
    public state: QuestState | null,
  ) {}

  get id(): string {
    return this.row.id;
  }

  get version(): number {
    return this.state?.version ?? 0;
  }

  isConnected(playerId: string): boolean {
    return (this.connections.get(playerId) ?? 0) > 0 || this.elsewhere.has(playerId);
  }

  player(id: string): PlayerRow | undefined {
    return this.players.find((p) => p.id === id);
  }

  /** The person seated in a role, if any. */
  occupant(role: string): PlayerRow | undefined {
    return this.players.find((p) => p.seat === role);
  }

  /** Whether this player runs the clock: the facilitator, or the host while nobody has taken the chair. */
  facilitates(p: PlayerRow): boolean {
    return p.seat === 'facilitator' || (p.host && !this.players.some((x) => x.seat === 'facilitator'));
  }

  /** Where a player sits for the engine's views: their role, the chair (whoever runs the clock), or the gallery. */
  seatOf(p: PlayerRow | undefined): SeatRef {
    if (p?.seat && this.state?.seats.some((s) => s.role === p.seat)) return { role: p.seat };
    if (p && p.seat !== 'spectator' && this.facilitates(p)) return { facilitator: true };
    return { spectator: true };
  }

  /** Runs fn after everything queued before it on this quest, whether that succeeded or not. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<unknown> {
    return this.tail;
  }
}
