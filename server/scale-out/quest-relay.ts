// Tells the other processes that a quest changed, and makes sure nothing is missed if that message is lost. A process
// that commits a change publishes it on a Redis channel with its events (seq and event, already durable: save then
// broadcast); every other process holding that quest folds them in without a database read when they continue the
// version it holds exactly, and passes them to its own sockets. Anything else (a gap left by a lost message, a lobby
// change, which carries no events, a change too large to carry) is read back from PostgreSQL: the store, not the
// message, is the truth. Because Redis can be away (restarting, partitioned), a periodic check compares the versions
// held in memory with the stored ones and catches up whatever an announcement did not reach; the same tick takes over
// quests whose process died and, for the quests this process runs, looks at who is connected to the others.
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { QuestEvent } from '../../engine/index.ts';
import type { QuestPlay } from '../quests/create-quest-service.ts';
import type { QuestLogger } from '../quests/quest-log.ts';
import type { QuestChange } from '../quests/quest-service.ts';
import type { RedisConnection } from '../realtime/redis-adapter.ts';
import type { QuestStore } from '../store/quest-store.ts';
import { quests } from '../store/schema.ts';

/**
 * Above this many bytes an announcement names the quest only and the others read the store. Every process
 * receives every announcement, so one large change (a scene's worth of events) must not hold up the channel.
 */
export const CARRY_LIMIT_BYTES = 32 * 1024;

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
  /** Largest announcement that carries its events, bytes (default CARRY_LIMIT_BYTES). */
  carryLimitBytes?: number;
  /** Told how each change made elsewhere reached a quest held here, for the metrics; must not throw. */
  onDelivered?: (via: Delivery) => void;
}

/**
 * How a change made elsewhere arrived: redis, its events carried by the announcement; store, announced but read back
 * from PostgreSQL (a gap, a lobby change, a change too large to carry); check, read back after the periodic version
 * check found it, no announcement having brought it (Redis away, a message lost).
 */
export type Delivery = 'redis' | 'store' | 'check';

export interface QuestRelay {
  /** One round of the periodic check, now (tests, and after Redis comes back). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What goes on the channel. The events are checked only for shape: they were written by a Polarity process and are
 * as trusted as the stored stream; one that does not fold makes the receiver read the store instead.
 */
const announcement = z.object({
  questId: z.string().min(1),
  from: z.string(),
  events: z
    .array(
      z.object({
        seq: z.number().int().positive(),
        event: z.looseObject({ type: z.string() }),
      }),
    )
    .optional(),
});

/** The message for a change: with its events when there are some and the whole fits, the quest id alone otherwise. */
export function announce(change: QuestChange, from: string, carryLimitBytes = CARRY_LIMIT_BYTES): string {
  const idOnly = JSON.stringify({ questId: change.questId, from });
  if (change.events.length === 0) return idOnly;
  const carried = JSON.stringify({ questId: change.questId, from, events: change.events });
  return Buffer.byteLength(carried) <= carryLimitBytes ? carried : idOnly;
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
      .publish(channel, announce(change, o.processId, o.carryLimitBytes))
      .catch((e: unknown) => o.log.warn({ err: e, questId: change.questId }, 'announcing a quest change failed'));
  });

  if (o.redis) {
    subscriber = o.redis.duplicate();
    subscriber.on('error', () => undefined); // the publisher's listener already reports Redis being away
    // Back after an outage: catch up at once rather than at the next tick.
    subscriber.on('ready', () => void check());
    await subscriber.connect();
    await subscriber.subscribe(channel, (message) => {
      let parsed: z.infer<typeof announcement>;
      try {
        parsed = announcement.parse(JSON.parse(message));
      } catch (e) {
        o.log.warn({ err: e }, 'ignored an announcement that is not a quest change');
        return;
      }
      if (parsed.from === o.processId) return;
      o.service
        .changedElsewhere(parsed.questId, parsed.events as { seq: number; event: QuestEvent }[] | undefined)
        .then((how) => {
          if (how) o.onDelivered?.(how === 'carried' ? 'redis' : 'store');
        })
        .catch((e: unknown) => o.log.warn({ err: e, questId: parsed.questId }, 'reading a change made elsewhere failed'));
    });
  }

  let running: Promise<void> | null = null;
  function check(): Promise<void> {
    running ??= (async () => {
      try {
        await catchUpWatched();
        await o.service.adoptOrphans();
        await o.service.followPresence();
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
      if ((now.get(w.questId) ?? w.version) > w.version && (await o.service.changedElsewhere(w.questId))) {
        o.onDelivered?.('check');
      }
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
