// The change relay between two quest services on one PostgreSQL database and a redis-server of the test's own (so
// it can be killed): an announcement that continues the version a process holds is delivered from the message alone,
// without reading the store; a gap, a change too large to carry, and a Redis outage all fall back to the store.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'redis';
import type { QuestPlay } from '../quests/create-quest-service.ts';
import { quietLogger } from '../quests/quest-log.ts';
import type { Player, QuestChange } from '../quests/quest-service.ts';
import { TestClock } from '../quests/test-clock.ts';
import { openService, seatedQuest } from '../quests/test-service.ts';
import type { RedisConnection } from '../realtime/redis-adapter.ts';
import { QuestStore, type StoreDatabase } from '../store/quest-store.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { type Delivery, type QuestRelay, relayQuestChanges } from './quest-relay.ts';
import { freePort, sleep } from './test-cluster.ts';

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

/** A store that counts what it reads of quests, so a test can tell a delivery from the message from a read-back. */
class CountingStore extends QuestStore {
  reads = 0;
  override quest(...a: Parameters<QuestStore['quest']>) {
    this.reads++;
    return super.quest(...a);
  }
  override players(...a: Parameters<QuestStore['players']>) {
    this.reads++;
    return super.players(...a);
  }
  override events(...a: Parameters<QuestStore['events']>) {
    this.reads++;
    return super.events(...a);
  }
  override latestSnapshot(...a: Parameters<QuestStore['latestSnapshot']>) {
    this.reads++;
    return super.latestSnapshot(...a);
  }
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await sleep(20);
  }
}

describe('the quest change relay', () => {
  let db: TestDatabase;
  let storeA: QuestStore;
  let storeB: CountingStore;
  let redis: ChildProcess;
  let redisUrl: string;
  const closers: (() => Promise<unknown>)[] = [];

  before(async () => {
    db = await createTestDatabase('postgres');
    storeA = (await db.open()).store;
    storeB = new CountingStore((await db.open()).store.db as StoreDatabase, 'postgres');
    const port = await freePort();
    redisUrl = `redis://127.0.0.1:${port}`;
    redis = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    redis.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await until('redis-server listening', () => out.includes('Ready to accept connections') || redis.exitCode !== null);
    assert.equal(redis.exitCode, null, `redis-server did not start: ${out}`);
  });

  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    if (redis.exitCode === null && redis.signalCode === null) {
      const exited = new Promise((r) => redis.once('exit', r));
      redis.kill('SIGKILL');
      await exited;
    }
    await db.destroy();
  });

  async function redisClient(): Promise<RedisConnection> {
    const c: RedisConnection = createClient({ url: redisUrl, socket: { reconnectStrategy: () => 200 } });
    c.on('error', () => undefined); // refused reconnects while the test has Redis stopped
    await c.connect();
    closers.push(async () => c.destroy());
    return c;
  }

  /**
   * Process A (where the players' commands land) and process B (which holds the quest for a connected player), each
   * with its relay on a fresh key prefix; a started quest of four people; every message on the channel recorded.
   */
  async function twoProcesses(o: { carryLimitBytes?: number; checkEveryMsB?: number } = {}) {
    const clock = new TestClock();
    const keyPrefix = `polarity-relay-test-${randomBytes(4).toString('hex')}:`;
    const a = await openService(storeA, clock);
    const b = await openService(storeB, clock);
    closers.push(
      () => a.close(),
      () => b.close(),
    );
    // How B was brought each change (the metric polarity_relay_deliveries_total counts these).
    const deliveredToB: Delivery[] = [];
    const relay = async (
      service: QuestPlay,
      store: QuestStore,
      processId: string,
      checkEveryMs: number,
      onDelivered?: (via: Delivery) => void,
    ) => {
      const r: QuestRelay = await relayQuestChanges({
        service,
        store,
        redis: await redisClient(),
        keyPrefix,
        processId,
        log: quietLogger,
        checkEveryMs,
        ...(onDelivered ? { onDelivered } : {}),
        ...(o.carryLimitBytes ? { carryLimitBytes: o.carryLimitBytes } : {}),
      });
      closers.push(() => r.close());
      return r;
    };
    await relay(a, storeA, 'process-a', 600_000);
    await relay(b, storeB, 'process-b', o.checkEveryMsB ?? 600_000, (via) => deliveredToB.push(via));
    const onWire: { questId: string; events?: { seq: number }[] }[] = [];
    const spy = (await redisClient()).duplicate();
    spy.on('error', () => undefined);
    await spy.connect();
    closers.push(async () => spy.destroy());
    await spy.subscribe(`${keyPrefix}quest-changed`, (m) => onWire.push(JSON.parse(m)));

    const q = await seatedQuest(a);
    const gil = q.guests[0] as Player;
    assert.ok((await a.start(q.host)).ok);
    const bGil = await b.authenticate(q.questId, q.tokens.get(gil.id) as string);
    assert.ok(bGil);
    await b.setConnected(bGil, true);
    const version = (await b.snapshot(bGil)).version;
    // The lobby's announcements (joins, seats, the start) may still be reaching B: let them finish first.
    await until('the start announced', () => onWire.some((m) => m.events));
    let seen: number;
    do {
      seen = storeB.reads;
      await sleep(150);
    } while (seen !== storeB.reads);
    const heardByB: QuestChange[] = [];
    b.onChange((c) => heardByB.push(c));
    storeB.reads = 0;
    onWire.length = 0;
    deliveredToB.length = 0;
    const seqsHeardByB = () => heardByB.flatMap((c) => c.events.map((e) => e.seq));
    return { a, b, q, gil, version, heardByB, seqsHeardByB, onWire, deliveredToB };
  }

  test('changes that follow on are delivered from the announcement, in order, without reading the store', async () => {
    const { a, b, q, gil, version, heardByB, seqsHeardByB, onWire, deliveredToB } = await twoProcesses();
    for (const text of ['One.', 'Two.', 'Three.']) assert.ok((await a.command(q.host, { type: 'say', text })).ok);
    await until('B hearing three changes', () => seqsHeardByB().length >= 3);
    assert.deepEqual(seqsHeardByB(), [version + 1, version + 2, version + 3]);
    assert.deepEqual(
      heardByB.flatMap((c) => c.events.map((e) => (e.event as { text?: string }).text)),
      ['One.', 'Two.', 'Three.'],
    );
    assert.ok(
      onWire.every((m) => m.events?.length === 1),
      'every announcement carried its event',
    );
    assert.equal(storeB.reads, 0, 'B read nothing from the store');
    assert.deepEqual(deliveredToB, ['redis', 'redis', 'redis'], 'counted as carried over Redis');
    // B's memory moved with them: its next command is decided on the right version, first time.
    const bGil = await b.authenticate(q.questId, q.tokens.get(gil.id) as string);
    assert.ok(bGil);
    const next = await b.command(bGil, { type: 'say', text: 'Four, from B.' });
    assert.ok(next.ok, JSON.stringify(next));
    assert.equal(next.version, version + 4);
  });

  test('a gap (an announcement that never came) is filled from the store, in order', async () => {
    const { a, q, version, seqsHeardByB, onWire, deliveredToB } = await twoProcesses();
    // A third process commits without announcing: its message is lost.
    const c = await openService(storeA, new TestClock());
    closers.push(() => c.close());
    const cHost = await c.authenticate(q.questId, q.tokens.get(q.host.id) as string);
    assert.ok(cHost);
    assert.ok((await c.command(cHost, { type: 'say', text: 'Lost on the way.' })).ok);
    // A's append conflicts, A catches up and commits after it: its announcement carries only its own event.
    const r = await a.command(q.host, { type: 'say', text: 'After the gap.' });
    assert.ok(r.ok);
    assert.equal(r.version, version + 2);
    await until('B hearing both changes', () => seqsHeardByB().length >= 2);
    assert.deepEqual(seqsHeardByB(), [version + 1, version + 2]);
    assert.deepEqual(
      onWire.map((m) => m.events?.map((e) => e.seq)),
      [[version + 2]],
    );
    assert.ok(storeB.reads > 0, 'B read the missing event from the store');
    assert.deepEqual(deliveredToB, ['store'], 'counted as read back from the store');
  });

  test('a change too large to carry is announced by id and read from the store', async () => {
    const { a, q, version, heardByB, seqsHeardByB, onWire } = await twoProcesses({ carryLimitBytes: 1_000 });
    const long = 'A long thought about the trade-off. '.repeat(40);
    assert.ok((await a.command(q.host, { type: 'say', text: long })).ok);
    assert.ok((await a.command(q.host, { type: 'say', text: 'Short.' })).ok);
    await until('B hearing both changes', () => seqsHeardByB().length >= 2);
    assert.deepEqual(seqsHeardByB(), [version + 1, version + 2]);
    const heard = heardByB.flatMap((c) => c.events.map((e) => e.event));
    assert.deepEqual(
      heard.map((e) => (e as { text?: string }).text),
      [long.trim(), 'Short.'],
    );
    assert.deepEqual(
      onWire.map((m) => m.events?.map((e) => e.seq)),
      [undefined, [version + 2]],
    );
    assert.ok(storeB.reads > 0, 'B read the large change from the store');
  });

  test('with Redis down, the periodic check delivers the change', async () => {
    const { a, q, version, seqsHeardByB, deliveredToB } = await twoProcesses({ checkEveryMsB: 200 });
    const exited = new Promise((r) => redis.once('exit', r));
    redis.kill('SIGKILL');
    await exited;
    assert.ok((await a.command(q.host, { type: 'say', text: 'While Redis is away.' })).ok);
    await until('B hearing the change', () => seqsHeardByB().length >= 1);
    assert.deepEqual(seqsHeardByB(), [version + 1]);
    assert.ok(storeB.reads > 0);
    assert.deepEqual(deliveredToB, ['check'], 'counted as found by the periodic check');
  });
});
