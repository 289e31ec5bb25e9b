// The bot runner: every bot seat (filled at the start, or covering a person who dropped) has one pending turn
// while the quest runs, and a turn goes through the same decide path as a person's move. Bots wait a think time
// between turns (human pace by default); a per-quest cap on moves per second holds whatever the personas want, so
// a persona that misbehaves cannot flood a quest's stream or its sockets.
import { botRng, initialBotMemory, nextMove, positionOf, viewFor } from '../../engine/index.ts';
import type { BotSeat, LiveQuest } from './live-quest.ts';
import type { QuestCommands } from './quest-commands.ts';
import type { QuestLogger } from './quest-log.ts';
import type { ScheduledWork } from './scheduled-work.ts';

export interface BotRunnerOptions {
  work: ScheduledWork;
  commands: QuestCommands;
  now: () => number;
  /** Uniform in [0, 1): think times. */
  random: () => number;
  /** How long a bot thinks between turns, ms. */
  thinkMs: { min: number; max: number };
  movesPerSecond: number;
  log: QuestLogger;
}

export class BotRunner {
  constructor(private readonly o: BotRunnerOptions) {}

  /** Brings the quest's bots in line with its seats: new bot seats get a turn, seats no longer bots lose theirs. */
  follow(q: LiveQuest): void {
    const state = q.state;
    const active = !this.o.work.closed && state !== null && state.status !== 'finished' && state.scenarioHash === q.scenario.hash;
    const botRoles = new Set(active ? state.seats.filter((s) => s.kind === 'bot').map((s) => s.role) : []);
    for (const [role, bot] of q.bots) {
      if (botRoles.has(role)) continue;
      this.o.work.cancel(bot.timer);
      q.bots.delete(role);
    }
    if (!active) return;
    for (const seat of state.seats) {
      if (seat.kind !== 'bot') continue;
      let bot = q.bots.get(seat.role);
      if (!bot) {
        bot = {
          role: seat.role,
          persona: seat.persona ?? 'collaborative',
          memory: initialBotMemory(),
          rng: botRng(state.seed, seat.role),
          timer: null,
          busy: false,
        };
        q.bots.set(seat.role, bot);
      }
      bot.persona = seat.persona ?? 'collaborative';
      if (!bot.timer && !bot.busy) this.schedule(q, bot, this.thinkTime());
    }
  }

  stop(q: LiveQuest): void {
    for (const b of q.bots.values()) this.o.work.cancel(b.timer);
    q.bots.clear();
  }

  private thinkTime(): number {
    const { min, max } = this.o.thinkMs;
    return min + Math.floor(this.o.random() * Math.max(0, max - min));
  }

  private schedule(q: LiveQuest, bot: BotSeat, ms: number): void {
    this.o.work.cancel(bot.timer);
    bot.timer = null;
    if (this.o.work.closed) return;
    bot.timer = this.o.work.after(ms, () => {
      bot.timer = null;
      return q.exclusive(() => this.turn(q, bot));
    });
  }

  /** One turn; the quest's move cap is checked first, and a capped bot waits until the oldest move leaves the window. */
  private async turn(q: LiveQuest, bot: BotSeat): Promise<void> {
    const state = q.state;
    if (q.bots.get(bot.role) !== bot || !state || state.status === 'finished') return;
    if (state.status !== 'running') return this.schedule(q, bot, this.thinkTime());
    const now = this.o.now();
    q.botMoves = q.botMoves.filter((t) => t > now - 1000);
    if (q.botMoves.length >= this.o.movesPerSecond) {
      return this.schedule(q, bot, (q.botMoves[0] as number) + 1000 - now);
    }
    bot.busy = true;
    try {
      const view = viewFor(state, { role: bot.role }, q.scenario, { hints: true });
      const move = nextMove(bot.persona, view, bot.memory, bot.rng, { position: positionOf(q.scenario, bot.role), now });
      bot.memory = move.memory;
      bot.rng = move.rng;
      if (move.command) {
        q.botMoves.push(now);
        const r = await this.o.commands.apply(
          q,
          move.command as Record<string, unknown>,
          { role: bot.role },
          `bot:${bot.role}`,
          bot.role,
        );
        if (!r.ok)
          this.o.log.debug({ questId: q.id, role: bot.role, command: move.command.type, error: r.error }, 'bot move refused');
      }
    } catch (e) {
      this.o.log.error({ err: e, questId: q.id, role: bot.role }, 'bot turn failed');
    } finally {
      bot.busy = false;
    }
    if (q.bots.get(bot.role) === bot && !bot.timer && q.state?.status !== 'finished') this.schedule(q, bot, this.thinkTime());
  }
}
