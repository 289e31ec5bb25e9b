// Quest play when several processes share one database (docs/DEPLOY.md). A quest may be held in memory by every
// process one of its players is connected to; exactly one of them, the lease holder, runs its clock and bots.
// Player commands are appended by whichever process received them (the version check keeps the stream linear), then
// announced with their events; the other processes fold those in when they follow on from the version they hold,
// read the store otherwise, and pass the change on to their own sockets. A lease whose process died is taken over by
// adoptOrphans, which resolves any deadline that passed meanwhile. Grace periods run in the holder too, counting the
// sockets every live process holds (presence.ts): a player connected anywhere keeps their seat.
import type { QuestEvent } from '../../engine/index.ts';
import type { QuestStore } from '../store/quest-store.ts';
import type { BotRunner } from './bot-runner.ts';
import type { LiveQuest } from './live-quest.ts';
import type { LiveQuests } from './live-quests.ts';
import type { Presence } from './presence.ts';
import type { QuestCommands } from './quest-commands.ts';
import type { QuestLeases } from './quest-leases.ts';
import type { QuestLogger } from './quest-log.ts';
import type { ScheduledWork } from './scheduled-work.ts';
import type { ServerClock } from './server-clock.ts';

export interface SharedPlayOptions {
  store: QuestStore;
  live: LiveQuests;
  work: ScheduledWork;
  commands: QuestCommands;
  presence: Presence;
  clock: ServerClock;
  bots: BotRunner;
  leases: QuestLeases;
  now: () => number;
  log: QuestLogger;
}

export class SharedPlay {
  /** Quests this process has tried to claim when they started here; later takeovers are adoptOrphans' job. */
  private readonly claimed = new Set<string>();

  constructor(private readonly o: SharedPlayOptions) {
    o.leases.onLost((ids) => {
      for (const id of ids) {
        const q = o.live.held(id);
        this.claimed.delete(id);
        if (!q) continue;
        o.clock.stop(q);
        o.bots.stop(q);
        o.presence.cancelGrace(q);
      }
    });
  }

  /** After every committed change, here or read back from elsewhere: the holder's timers and bots follow it. */
  afterChange(q: LiveQuest): void {
    const { clock, bots, presence, leases, log } = this.o;
    const finished = q.state?.status === 'finished';
    if (finished) presence.cancelGrace(q);
    if (leases.holds(q.id)) {
      clock.follow(q);
      bots.follow(q);
      if (finished && leases.shared) {
        void leases.release(q.id).catch((e) => log.warn({ err: e, questId: q.id }, 'releasing a quest lease failed'));
      }
      return;
    }
    clock.stop(q);
    bots.stop(q);
    if (!q.state || finished || this.claimed.has(q.id)) return;
    this.claimed.add(q.id);
    void leases
      .acquire(q.id)
      .then((got) => (got ? q.exclusive(async () => this.afterChange(q)) : undefined))
      .catch((e) => log.warn({ err: e, questId: q.id }, 'claiming a quest lease failed'));
  }

  /** carried: the events the announcement brought, folded in without a store read when they follow on exactly. */
  async changedElsewhere(
    questId: string,
    carried?: readonly { seq: number; event: QuestEvent }[],
  ): Promise<'carried' | 'read' | null> {
    const q = this.o.live.held(questId);
    if (!q || this.o.work.closed) return null;
    return q.exclusive(async () => {
      if (carried && this.o.commands.followCarried(q, carried)) return 'carried';
      await this.o.commands.followElsewhere(q);
      // Named by id only: a lobby change, which may be a socket opening or closing on another process.
      if (!carried && this.o.leases.shared) await this.o.presence.follow(q, this.o.now());
      return 'read';
    });
  }

  /** The periodic look, for the quests this process runs, at who is connected to the other processes. */
  async followPresence(): Promise<void> {
    const { leases, live, presence } = this.o;
    if (!leases.shared || this.o.work.closed) return;
    const running = [...live.all()].filter((q) => q.state && q.state.status !== 'finished' && leases.holds(q.id));
    await presence.followAll(running, this.o.now());
  }

  watched(): { questId: string; version: number }[] {
    return [...this.o.live.all()].filter((q) => q.connections.size > 0).map((q) => ({ questId: q.id, version: q.row.version }));
  }

  async adoptOrphans(): Promise<string[]> {
    const { leases, store, live, commands, presence, clock, log } = this.o;
    if (!leases.shared || this.o.work.closed) return [];
    const free = (await store.activeQuests()).map((r) => r.id).filter((id) => !leases.holds(id));
    if (free.length === 0) return [];
    // One statement however many quests run elsewhere: most are held by live processes and stay where they are.
    const taken = await leases.acquireAll(free);
    for (const id of taken) {
      try {
        const q = await live.load(id);
        if (!q) continue;
        await q.exclusive(async () => {
          await commands.followElsewhere(q);
          const now = this.o.now();
          // The players may be connected here or to another live process: only those connected nowhere (their
          // sockets were on the process that died) start their grace period, after which a bot covers the seat.
          await presence.follow(q, now);
          this.afterChange(q);
          await clock.resolveOverdue(q, now);
        });
        log.info({ questId: id }, 'took over a quest whose process is gone');
      } catch (e) {
        log.error({ err: e, questId: id }, 'could not take over a quest');
      }
    }
    return taken;
  }

  close(): Promise<void> {
    return this.o.leases.close();
  }
}
