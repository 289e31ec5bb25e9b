// Tells the other processes that a quest changed, and makes sure nothing is missed if that message is lost. A process
// that commits a change publishes {questId} on a Redis channel; every other process holding that quest reads the
// change back from PostgreSQL (the store, not the message, is the truth) and passes it to its own sockets. Because
// Redis can be away (restarting, partitioned), a periodic check compares the versions held in memory with the stored
// ones and catches up whatever an announcement did not reach; the same tick takes over quests whose process died.
import { inArray } from 'drizzle-orm';
import type { QuestPlay } from '../quests/create-quest-service.ts';
import type { QuestLogger } from '../quests/quest-log.ts';
import type { RedisConnection } from '../realtime/redis-adapter.ts';
import type { QuestStore } from '../store/quest-store.ts';
import { quests } from '../store/schema.ts';

export interface QuestRelayOptions {
  service: QuestPlay;
  store: QuestStore;
  /** Without Redis the periodic check alone carries changes between processes (slower, still complete). */
  redis?: RedisConnection;
  keyPrefix: string;
  /** This process's name in announcements, so it ignores its own. */
  processId: string;
  log: QuestLogger;
  /** How often versions are compared and orphaned quests adopted, ms. */
  checkEveryMs?: number;
}

export interface QuestRelay {
  /** One round of the periodic check, now (tests, and after Redis comes back). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export async function relayQuestChanges(o: QuestRelayOptions): Promise<QuestRelay> {
  const channel = `${o.keyPrefix}quest-changed`;
  let closed = false;
  let subscriber: RedisConnection | null = null;

  const unsubscribe = o.service.onCommittedHere((change) => {
    // Redis away: nothing to announce to; the periodic check carries the change instead.
    if (!o.redis?.isReady || closed) return;
    // While Redis is down the client queues this and sends it on reconnect; the periodic check covers the gap anyway.
    o.redis
      .publish(channel, JSON.stringify({ questId: change.questId, from: o.processId }))
      .catch((e: unknown) => o.log.warn({ err: e, questId: change.questId }, 'announcing a quest change failed'));
  });

  if (o.redis) {
    subscriber = o.redis.duplicate();
    subscriber.on('error', () => undefined); // the publisher's listener already reports Redis being away
    // Back after an outage: catch up at once rather than at the next tick.
    subscriber.on('ready', () => void check());
    await subscriber.connect();
    await subscriber.subscribe(channel, (message) => {
      let parsed: { questId?: unknown; from?: unknown };
      try {
        parsed = JSON.parse(message);
      } catch {
        return;
      }
      if (typeof parsed.questId !== 'string' || parsed.from === o.processId) return;
      o.service
        .changedElsewhere(parsed.questId)
        .catch((e: unknown) => o.log.warn({ err: e, questId: parsed.questId }, 'reading a change made elsewhere failed'));
    });
  }

  let running: Promise<void> | null = null;
  function check(): Promise<void> {
    running ??= (async () => {
      try {
        await catchUpWatched();
        await o.service.adoptOrphans();
      } catch (e) {
        o.log.warn({ err: e }, 'the cross-process check failed; trying again on the next tick');
      } finally {
        running = null;
      }
    })();
    return running;
  }

  async function catchUpWatched(): Promise<void> {
    const watched = o.service.watched();
    if (watched.length === 0) return;
    const stored = await o.store.db
      .select({ id: quests.id, version: quests.version })
      .from(quests)
      .where(
        inArray(
          quests.id,
          watched.map((w) => w.questId),
        ),
      );
    const now = new Map(stored.map((r) => [r.id, r.version]));
    for (const w of watched) {
      if ((now.get(w.questId) ?? w.version) > w.version) await o.service.changedElsewhere(w.questId);
    }
  }

  const timer = setInterval(() => void check(), o.checkEveryMs ?? (o.redis ? 3_000 : 1_000));
  timer.unref();

  return {
    check,
    async close() {
      closed = true;
      clearInterval(timer);
      unsubscribe();
      await running;
      if (subscriber?.isOpen) await subscriber.close().catch(() => subscriber?.destroy());
    },
  };
}
