// Commands: who may send what, then the one path every change to a running quest takes, whether it comes from a
// person, a bot or the server clock: stamp the time, decide, append at the expected version, update memory,
// notify. Listeners therefore only ever see events that are already committed.
import { type Actor, decide, type QuestEvent, type QuestState, replay } from '../../engine/index.ts';
import { type QuestStore, VersionConflict } from '../store/quest-store.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { LiveQuest } from './live-quest.ts';
import type { LiveQuests } from './live-quests.ts';
import type { QuestLogger } from './quest-log.ts';
import type { Outcome, Player, ServiceError } from './quest-service.ts';
import { rowStatus, snapshotDue } from './quest-stream.ts';
import { refuse } from './refusal.ts';

/** Enough for a few racing writers to take turns; a quest still changing after that is reported busy. */
const MAX_TRIES = 3;
/** Commands that run the clock rather than play a seat ('start' has its own path, through the lobby). */
const CONTROL = new Set(['pause', 'resume', 'extend', 'end', 'cover_seat', 'release_seat', 'deadline']);

export interface CommandOptions {
  store: QuestStore;
  live: LiveQuests;
  feed: ChangeFeed;
  now: () => number;
  log: QuestLogger;
  snapshotEvery: number;
  /** Rules the engine cannot know, checked before a facilitator's command is decided (e.g. the grace period). */
  controlProblem: (q: LiveQuest, cmd: Record<string, unknown>) => ServiceError | null;
  /** Timers and bots follow every committed change. */
  afterChange: (q: LiveQuest) => void;
  /** Told when a player linked to a signed-in person has a command accepted; must not block or throw. */
  tookPart: (who: { orgId: string; personId: string }) => void;
}

export class QuestCommands {
  constructor(private readonly o: CommandOptions) {}

  /** A command from a player, as sent (without `at`): checked against their seat, then applied. */
  async command(player: Player, raw: unknown): Promise<Outcome<{ version: number }>> {
    const q = await this.o.live.load(player.questId);
    if (!q) return refuse('not_found', 'no such quest');
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      return refuse('invalid', 'a command is an object with a type');
    const cmd = raw as Record<string, unknown>;
    if (typeof cmd.type !== 'string') return refuse('invalid', 'a command needs a type');
    if ('at' in cmd) return refuse('invalid', "send commands without 'at': the server stamps the time");
    return q.exclusive(async () => {
      if (!q.state) await this.followStart(q);
      const state = q.state;
      if (!state) return refuse('wrong_phase', 'the quest has not started yet');
      const me = q.player(player.id);
      if (!me) return refuse('not_found', 'you are not a player in this quest');
      const type = cmd.type as string;
      if (type === 'start') return refuse('conflict', 'the quest has already started');
      let actor: Actor;
      let seat: string;
      if (CONTROL.has(type)) {
        if (!q.facilitates(me))
          return refuse('not_allowed', 'only the facilitator (or the host, when nobody facilitates) can do that');
        actor = { facilitator: true };
        seat = 'facilitator';
        const problem = this.o.controlProblem(q, cmd);
        if (problem) return { ok: false as const, error: problem };
      } else {
        if (me.seat === 'spectator' || !me.seat)
          return refuse('not_allowed', 'spectators watch the quest; only seated players act in it');
        if (me.seat === 'facilitator')
          return refuse('not_allowed', 'the facilitator runs the clock; the seated players make the moves');
        const mine = state.seats.find((s) => s.role === me.seat);
        if (!mine) return refuse('not_allowed', `'${me.seat}' has no seat in this quest`);
        if (mine.covered) return refuse('conflict', 'a bot is covering your seat while you were away; reconnect to take it back');
        actor = { role: me.seat };
        seat = me.seat;
      }
      const applied = await this.apply(q, cmd, actor, me.id, seat);
      if (applied.ok && me.personId) this.o.tookPart({ orgId: q.row.orgId, personId: me.personId });
      return applied;
    });
  }

  /**
   * Decide, append at the expected version, then update memory and notify. A version conflict means another writer
   * (another process on the same database) got there first: catch up with what it wrote and decide again, up to
   * MAX_TRIES times, then answer 'busy' rather than 'conflict', which is the engine saying no to the move itself.
   * Runs inside exclusive(); `who` is the stored actor (a player id, 'bot:<role>' or 'system').
   */
  async apply(
    q: LiveQuest,
    cmd: Record<string, unknown>,
    actor: Actor,
    who: string,
    seat: string | null,
  ): Promise<Outcome<{ version: number }>> {
    for (let attempt = 1; ; attempt++) {
      const state = q.state;
      if (!state) return refuse('wrong_phase', 'the quest has not started yet');
      // The engine refuses time that goes backwards, and another process's clock may be a little ahead of ours.
      const at = Math.max(this.o.now(), state.clock);
      const decided = decide(state, { ...cmd, at }, { scenario: q.scenario, actor });
      if (!decided.ok) return refuse(decided.code, decided.reason);
      if (decided.events.length === 0) return { ok: true as const, version: state.version };
      const next = replay.events(state, decided.events);
      try {
        await this.o.store.append(
          q.id,
          state.version,
          decided.events.map((event) => ({ event, actor: who, seat })),
          {
            status: rowStatus(next),
            snapshot: snapshotDue(this.o.snapshotEvery, state, next, decided.events) ? next : undefined,
            at: new Date(this.o.now()),
          },
        );
      } catch (e) {
        if (!(e instanceof VersionConflict)) throw e;
        this.o.log.warn({ questId: q.id, version: state.version, attempt }, 'version conflict on append');
        if (attempt >= MAX_TRIES) return refuse('busy', 'the quest is busy: other moves kept landing first; try again');
        await this.catchUp(q);
        continue;
      }
      this.fold(
        q,
        next,
        decided.events.map((event, i) => ({ seq: state.version + i + 1, event })),
        false,
      );
      return { ok: true as const, version: next.version };
    }
  }

  /**
   * Events another process committed, carried in its announcement (already durable there): folded in without a store
   * read when they continue the version held here exactly. Answers false, changing nothing, when they do not (a gap
   * left by a lost announcement, a quest that has not started here, events that do not fold to their own seqs); the
   * caller then reads the store, which stays the truth. Runs inside exclusive().
   */
  followCarried(q: LiveQuest, carried: readonly { seq: number; event: QuestEvent }[]): boolean {
    const state = q.state;
    if (!state || carried.length === 0) return false;
    // A store read (the periodic check, or an earlier gap) may already have brought some or all of them.
    const fresh = carried.filter((e) => e.seq > state.version);
    if (fresh.length === 0) return true;
    if (fresh.some((e, i) => e.seq !== state.version + 1 + i)) return false;
    let next: QuestState;
    try {
      next = replay.events(
        state,
        fresh.map((e) => e.event),
      );
    } catch (e) {
      this.o.log.warn({ err: e, questId: q.id }, 'announced events did not fold; reading them from the store');
      return false;
    }
    if (next.version !== state.version + fresh.length) return false;
    this.fold(q, next, fresh, true);
    return true;
  }

  /** The committed state in memory, then the listeners told, then timers and bots following it. */
  private fold(q: LiveQuest, next: QuestState, events: { seq: number; event: QuestEvent }[], elsewhere: boolean): void {
    const statusBefore = q.row.status;
    q.state = next;
    q.row = { ...q.row, status: rowStatus(next), version: next.version };
    this.o.feed.publish(
      {
        questId: q.id,
        version: next.version,
        events,
        lobbyChanged:
          statusBefore !== q.row.status ||
          events.some((e) => e.event.type === 'seat_covered' || e.event.type === 'seat_released'),
      },
      elsewhere,
    );
    this.o.afterChange(q);
  }

  /**
   * Another process committed a change to this quest (its announcement arrived, or the periodic check saw the stored
   * version move): read the row, players and events back and pass them on here as changes made elsewhere. Runs
   * inside exclusive().
   */
  async followElsewhere(q: LiveQuest): Promise<void> {
    if (await this.followStart(q)) return;
    // No new events: what changed elsewhere was the lobby (seats, players, presence).
    if (!(await this.catchUp(q))) this.o.feed.lobbyChanged(q, true);
  }

  /**
   * A quest held here in its lobby may have started elsewhere (a command can arrive before the announcement does):
   * read it, and pass its whole stream on as news. True when it had. Runs inside exclusive().
   */
  private async followStart(q: LiveQuest): Promise<boolean> {
    const started = q.state !== null;
    await this.o.live.refresh(q);
    if (!started && q.state) {
      const all = await this.o.store.events(q.id, 0);
      this.o.feed.publish(
        { questId: q.id, version: q.version, events: all.map((e) => ({ seq: e.seq, event: e.event })), lobbyChanged: true },
        true,
      );
      this.o.afterChange(q);
      return true;
    }
    return false;
  }

  /** Events another writer appended since this process last looked, folded in and passed on to listeners. */
  private async catchUp(q: LiveQuest): Promise<boolean> {
    if (!q.state) {
      await this.o.live.refresh(q);
      return false;
    }
    const later = await this.o.store.events(q.id, q.state.version);
    if (later.length === 0) return false;
    const next = replay.events(
      q.state,
      later.map((e) => e.event),
    );
    this.fold(
      q,
      next,
      later.map((e) => ({ seq: e.seq, event: e.event })),
      true,
    );
    return true;
  }
}
