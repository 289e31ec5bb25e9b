// Presence: who has a socket open, recorded durably, and the grace period. A seated person whose last socket closes
// keeps the seat for graceSeconds (a reload or a train tunnel must not cost them their role); after that a
// collaborative bot covers it so the quest does not stall, and the seat is released the moment they come back.
//
// With several processes (shared play) a player's sockets may be on any of them, and a player may have tabs on two.
// Each process counts its own sockets and records its first-in and last-out in the shared rows (PresenceElsewhere);
// grace periods run only in the process that runs the quest (its lease holder), which counts a player gone only
// when no live process has a socket of theirs. A process killed without a word stops counting at once.
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
  /** Whether this process runs the quest's clock, and so its grace periods (quest-leases.ts). */
  runsHere: (questId: string) => boolean;
  /** The sockets other processes hold; absent when this process is the only one. */
  elsewhere?: PresenceElsewhere;
}

/** What the other processes see of one quest's players. */
export interface SeenElsewhere {
  /** Players with a socket open on another live process. */
  connected: ReadonlySet<string>;
  /** When each player was last seen leaving a process (their last socket there closed, or the process died). */
  leftAt: ReadonlyMap<string, number>;
}

/** Sockets counted across processes (server/scale-out/process-presence.ts). */
export interface PresenceElsewhere {
  /** This process's first socket for the player opened (true), or its last one closed (false). */
  record(questId: string, playerId: string, connected: boolean, at: Date): Promise<void>;
  /** For each quest asked about (one round of queries for all of them): what the other live processes see. */
  read(questIds: readonly string[], now: Date): Promise<Map<string, SeenElsewhere>>;
  /** Told when this process's records may have been dropped (its session to the database was replaced). */
  onRenewed(listener: () => void): void;
}

const NOBODY: SeenElsewhere = { connected: new Set(), leftAt: new Map() };

export class Presence {
  constructor(private readonly o: PresenceOptions) {
    o.elsewhere?.onRenewed(() => void this.recordAgain());
  }

  /** One socket opened or closed; only a player's first socket opening and last one closing here change presence. */
  async setConnected(player: Player, connected: boolean): Promise<void> {
    const q = await this.o.live.load(player.questId);
    if (!q) return;
    await q.exclusive(async () => {
      const me = q.player(player.id);
      if (!me) return;
      const before = (q.connections.get(me.id) ?? 0) > 0;
      const count = Math.max(0, (q.connections.get(me.id) ?? 0) + (connected ? 1 : -1));
      if (count === 0) q.connections.delete(me.id);
      else q.connections.set(me.id, count);
      const after = count > 0;
      if (before === after) return;
      const now = this.o.now();
      await this.o.store.setPresence(q.id, me.id, after, new Date(now));
      await this.o.elsewhere?.record(q.id, me.id, after, new Date(now));
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
      } else if (!this.o.elsewhere) {
        q.disconnectedAt.set(me.id, now);
        this.startGrace(q, me.id, now);
      } else if (this.o.runsHere(q.id)) {
        // They may still have a socket on another process; elsewhere the announcement brings the holder here.
        await this.follow(q, now);
      }
    });
  }

  /**
   * Catches up with the other processes (read when not given): who is connected there, and, in the process that
   * runs the quest, a grace period for every seated person connected nowhere and none for those connected anywhere.
   * Alone (no other processes) it starts the grace period of everyone without a socket here. Runs inside exclusive().
   */
  async follow(q: LiveQuest, now: number, seen?: SeenElsewhere): Promise<void> {
    seen ??= this.o.elsewhere ? ((await this.o.elsewhere.read([q.id], new Date(now))).get(q.id) ?? NOBODY) : NOBODY;
    this.see(q, seen);
    if (!this.o.runsHere(q.id)) return;
    for (const p of q.players) {
      if (!p.seat) continue;
      if (q.isConnected(p.id)) {
        q.disconnectedAt.delete(p.id);
        this.o.work.cancel(q.graceTimers.get(p.id));
        q.graceTimers.delete(p.id);
      } else if (!q.graceTimers.has(p.id)) {
        this.startGrace(q, p.id, Math.min(now, q.disconnectedAt.get(p.id) ?? seen.leftAt.get(p.id) ?? now));
      }
    }
  }

  /** follow for many quests with one read: the periodic check of the quests this process runs. */
  async followAll(quests: readonly LiveQuest[], now: number): Promise<void> {
    if (!this.o.elsewhere || quests.length === 0) return;
    const seen = await this.o.elsewhere.read(
      quests.map((q) => q.id),
      new Date(now),
    );
    for (const q of quests) await q.exclusive(() => this.follow(q, this.o.now(), seen.get(q.id) ?? NOBODY));
  }

  /**
   * At the start, every seated person without a socket open starts their grace period. With other processes the
   * timer asks them again before a bot takes the seat.
   */
  graceForAbsent(q: LiveQuest, now: number): void {
    for (const p of q.players) if (p.seat && !q.isConnected(p.id)) this.startGrace(q, p.id, now);
  }

  /** After a restart no socket of this process survived: the others' are counted, everyone else starts a grace period. */
  async restart(q: LiveQuest, now: number): Promise<void> {
    if (this.o.elsewhere) return this.follow(q, now);
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

  /** Who the other processes see connected; the lobby is told when that changed. */
  private see(q: LiveQuest, seen: SeenElsewhere): void {
    const same = seen.connected.size === q.elsewhere.size && [...seen.connected].every((id) => q.elsewhere.has(id));
    if (same) return;
    q.elsewhere.clear();
    for (const id of seen.connected) q.elsewhere.add(id);
    this.o.feed.lobbyChanged(q, true);
  }

  /** This process's session to the shared rows was replaced, and its records may have been swept as a dead process's. */
  private async recordAgain(): Promise<void> {
    const at = new Date(this.o.now());
    for (const q of [...this.o.live.all()]) {
      await q
        .exclusive(async () => {
          for (const [playerId, sockets] of q.connections)
            if (sockets > 0) await this.o.elsewhere?.record(q.id, playerId, true, at);
        })
        .catch((e) => this.o.log.warn({ err: e, questId: q.id }, 'recording the open sockets again failed'));
    }
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
          if (this.o.elsewhere) {
            // The last word before a bot takes the seat: are they connected to another process now?
            if (!this.o.runsHere(q.id)) return;
            this.see(q, (await this.o.elsewhere.read([q.id], new Date(this.o.now()))).get(q.id) ?? NOBODY);
          }
          if (q.isConnected(playerId)) {
            // Back on another process before the holder heard: their next absence counts from its own start.
            q.disconnectedAt.delete(playerId);
            return;
          }
          const still = q.state?.seats.find((s) => s.role === role);
          if (still?.kind !== 'human' || q.state?.status === 'finished') return;
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
