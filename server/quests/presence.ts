// Presence: who has a socket open, recorded durably, and the grace period. A seated person whose last socket closes
// keeps the seat for graceSeconds (a reload or a train tunnel must not cost them their role); after that a
// collaborative bot covers it so the quest does not stall, and the seat is released the moment they come back.
import { isPersona } from '../../engine/index.ts';
import type { QuestStore } from '../store/quest-store.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { LiveQuest } from './live-quest.ts';
import type { LiveQuests } from './live-quests.ts';
import type { QuestCommands } from './quest-commands.ts';
import type { QuestLogger } from './quest-log.ts';
import type { Player, ServiceError } from './quest-service.ts';
import type { ScheduledWork } from './scheduled-work.ts';

export interface PresenceOptions {
  store: QuestStore;
  live: LiveQuests;
  feed: ChangeFeed;
  work: ScheduledWork;
  commands: QuestCommands;
  now: () => number;
  log: QuestLogger;
  graceSeconds: number;
}

export class Presence {
  constructor(private readonly o: PresenceOptions) {}

  /** One socket opened or closed; only a player's first socket opening and last one closing change presence. */
  async setConnected(player: Player, connected: boolean): Promise<void> {
    const q = await this.o.live.load(player.questId);
    if (!q) return;
    await q.exclusive(async () => {
      const me = q.player(player.id);
      if (!me) return;
      const before = q.isConnected(me.id);
      const count = Math.max(0, (q.connections.get(me.id) ?? 0) + (connected ? 1 : -1));
      if (count === 0) q.connections.delete(me.id);
      else q.connections.set(me.id, count);
      const after = count > 0;
      if (before === after) return;
      const now = this.o.now();
      await this.o.store.setPresence(q.id, me.id, after, new Date(now));
      this.o.feed.lobbyChanged(q);
      if (after) {
        q.disconnectedAt.delete(me.id);
        this.o.work.cancel(q.graceTimers.get(me.id));
        q.graceTimers.delete(me.id);
        const seat = q.state?.seats.find((s) => s.role === me.seat);
        if (seat?.covered && q.state?.status !== 'finished') {
          const r = await this.o.commands.apply(q, { type: 'release_seat', role: seat.role }, { system: true }, 'system', null);
          if (!r.ok) this.o.log.warn({ questId: q.id, role: seat.role, error: r.error }, 'could not release a covered seat');
        }
      } else {
        q.disconnectedAt.set(me.id, now);
        this.startGrace(q, me.id, now);
      }
    });
  }

  /** At the start, every seated person without a socket open starts their grace period. */
  graceForAbsent(q: LiveQuest, now: number): void {
    for (const p of q.players) if (p.seat && !q.isConnected(p.id)) this.startGrace(q, p.id, now);
  }

  /** After a restart no socket survived: every seated person is marked gone and starts their grace period now. */
  async restart(q: LiveQuest, now: number): Promise<void> {
    await this.o.store.disconnectEveryone(q.id, new Date(now));
    for (const p of q.players) if (p.seat) this.startGrace(q, p.id, now);
  }

  /** A facilitator may cover only a seat whose person has been gone for the whole grace period. */
  coverProblem(q: LiveQuest, cmd: Record<string, unknown>): ServiceError | null {
    if (cmd.type !== 'cover_seat') return null;
    if (cmd.persona !== undefined && !isPersona(cmd.persona)) {
      return { code: 'invalid', message: `'${String(cmd.persona)}' is not a bot persona (collaborative, positional, quiet)` };
    }
    const person = typeof cmd.role === 'string' ? q.occupant(cmd.role) : undefined;
    if (!person) return null;
    if (q.isConnected(person.id)) return { code: 'not_allowed', message: `${person.name} is connected: their seat is theirs` };
    const gone = q.disconnectedAt.get(person.id) ?? this.o.now();
    const until = gone + this.o.graceSeconds * 1000;
    if (this.o.now() < until) {
      return {
        code: 'too_early',
        message: `${person.name} may still come back: the seat can be covered in ${Math.ceil((until - this.o.now()) / 1000)} s`,
      };
    }
    return null;
  }

  /** No grace period runs once the quest has ended, nor after close. */
  cancelGrace(q: LiveQuest): void {
    for (const t of q.graceTimers.values()) this.o.work.cancel(t);
    q.graceTimers.clear();
  }

  private startGrace(q: LiveQuest, playerId: string, since: number): void {
    const me = q.player(playerId);
    if (!me?.seat || this.o.work.closed) return;
    if (!q.disconnectedAt.has(playerId)) q.disconnectedAt.set(playerId, since);
    const seat = q.state?.seats.find((s) => s.role === me.seat);
    if (seat?.kind !== 'human' || q.state?.status === 'finished') return;
    this.o.work.cancel(q.graceTimers.get(playerId));
    const role = seat.role;
    q.graceTimers.set(
      playerId,
      this.o.work.after(since + this.o.graceSeconds * 1000 - this.o.now(), () =>
        q.exclusive(async () => {
          q.graceTimers.delete(playerId);
          const still = q.state?.seats.find((s) => s.role === role);
          if (q.isConnected(playerId) || !still || still.kind !== 'human' || q.state?.status === 'finished') return;
          const r = await this.o.commands.apply(
            q,
            { type: 'cover_seat', role, persona: 'collaborative' },
            { system: true },
            'system',
            null,
          );
          if (!r.ok) this.o.log.warn({ questId: q.id, role, error: r.error }, 'could not cover a dropped seat');
          else this.o.log.info({ questId: q.id, role }, 'a bot covers a dropped seat');
        }),
      ),
    );
  }
}
