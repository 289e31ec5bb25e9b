// What a server start does for the quests whose clock may be running. No socket survived the restart, so everyone
// seated starts a grace period now; timers and bots pick up from the stored state; and a deadline that passed
// while the server was down is resolved at once rather than whenever somebody next acts.
import type { QuestStore } from '../store/quest-store.ts';
import type { LiveQuest } from './live-quest.ts';
import type { LiveQuests } from './live-quests.ts';
import type { Presence } from './presence.ts';
import type { QuestLeases } from './quest-leases.ts';
import type { QuestLogger } from './quest-log.ts';
import type { ServerClock } from './server-clock.ts';

export interface RestartOptions {
  store: QuestStore;
  live: LiveQuests;
  presence: Presence;
  clock: ServerClock;
  now: () => number;
  log: QuestLogger;
  afterChange: (q: LiveQuest) => void;
  /** Only quests whose lease this process takes are resumed here; another live process runs the rest. */
  leases: QuestLeases;
}

export async function resumeActiveQuests(o: RestartOptions): Promise<void> {
  const rows = await o.store.activeQuests();
  for (const row of rows) {
    try {
      if (!(await o.leases.acquire(row.id))) continue;
      await resume(o, row.id);
    } catch (e) {
      // One quest that cannot be loaded must not keep every other quest (and the server) from starting.
      o.log.error({ err: e, questId: row.id }, 'could not resume a quest at start-up');
    }
  }
  if (rows.length > 0) o.log.info({ quests: rows.length }, 'active quests loaded');
}

async function resume(o: RestartOptions, questId: string): Promise<void> {
  const q = await o.live.load(questId);
  if (!q?.state) return;
  await q.exclusive(async () => {
    const now = o.now();
    await o.presence.restart(q, now);
    o.afterChange(q);
    await o.clock.resolveOverdue(q, now);
  });
}
