// Presence across processes: three quest services in one test process, each with its own lease session (so its own
// process lock) on one PostgreSQL database, as three Polarity processes would have. The process running the quest
// dies without a word; another adopts it. A player still connected to any live process keeps their seat; a player
// whose sockets were only on the dead process is covered by a bot after the grace period; a socket closing on a
// process that does not run the quest reaches the grace logic of the one that does.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { QuestPlay } from '../quests/create-quest-service.ts';
import { quietLogger } from '../quests/quest-log.ts';
import type { Player } from '../quests/quest-service.ts';
import { TestClock } from '../quests/test-clock.ts';
import { openService, seatedQuest } from '../quests/test-service.ts';
import { type OpenedStore, openStore } from '../store/open-store.ts';
import { AdvisoryQuestLeases } from './advisory-leases.ts';
import { ProcessPresence } from './process-presence.ts';
import { type QuestRelay, relayQuestChanges } from './quest-relay.ts';

const ADMIN_URL = process.env.POLARITY_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const GRACE_MS = 45_000;
let name: string;
let databaseUrl: string;
const closers: (() => Promise<unknown>)[] = [];

before(async () => {
  name = `polarity_presence_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`).finally(() => admin.end());
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
});

after(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`).finally(() => admin.end());
});

interface Process {
  service: QuestPlay;
  leases: AdvisoryQuestLeases;
  opened: OpenedStore;
  /** The periodic check, run by hand (no Redis here: the check alone carries changes between processes). */
  relay: QuestRelay;
  /** As a SIGKILL looks to the database: the session ends, nothing is written on the way out. */
  die(): Promise<void>;
}

async function startProcess(clock: TestClock, processId: string): Promise<Process> {
  const opened = await openStore({ databaseUrl, poolSize: 3 });
  const leases = new AdvisoryQuestLeases(databaseUrl, quietLogger);
  const service = await openService(opened.store, clock, {
    leases,
    presenceElsewhere: new ProcessPresence(opened.store.db, leases),
    graceSeconds: GRACE_MS / 1000,
  });
  const relay = await relayQuestChanges({
    service,
    store: opened.store,
    keyPrefix: 'unused:',
    processId,
    log: quietLogger,
    checkEveryMs: 3_600_000,
  });
  let alive = true;
  const die = async () => {
    if (!alive) return;
    alive = false;
    await relay.close();
    await service.close();
    await opened.close();
  };
  closers.push(die);
  return { service, leases, opened, relay, die };
}

test('after the process running a quest dies, players connected to a live process keep their seats', {
  timeout: 120_000,
}, async () => {
  const clock = new TestClock();
  const a = await startProcess(clock, 'a');
  const b = await startProcess(clock, 'b');
  const c = await startProcess(clock, 'c');
  const everyone = [a, b, c];
  const settle = async () => {
    await Promise.all(everyone.map((p) => p.service.settled()));
  };

  const q = await seatedQuest(a.service);
  const [gil, fay, sol] = q.guests as [Player, Player, Player];
  const on = async (p: Process, who: Player) => {
    const player = await p.service.authenticate(q.questId, q.tokens.get(who.id) as string);
    assert.ok(player);
    return player;
  };
  // Fay's only socket is on A; Gil's on B; Sol's on C; Hana has a tab on A and another on C.
  await a.service.setConnected(fay, true);
  await a.service.setConnected(q.host, true);
  await b.service.setConnected(await on(b, gil), true);
  const solOnC = await on(c, sol);
  await c.service.setConnected(solOnC, true);
  const hanaOnC = await on(c, q.host);
  await c.service.setConnected(hanaOnC, true);

  assert.ok((await a.service.start(q.host)).ok);
  // The lease is claimed right after the start, off the command's path.
  for (let i = 0; i < 100 && !a.leases.holds(q.questId); i++) await new Promise((r) => setTimeout(r, 20));
  await settle();
  assert.ok(a.leases.holds(q.questId), 'the process where the quest started runs it');
  const covered = async () => {
    const events = await b.opened.store.events(q.questId, 0);
    return events.flatMap((e) => (e.event.type === 'seat_covered' ? [e.event.role] : []));
  };

  // A started a grace period for the players it could not see; they are connected elsewhere, so no bot came.
  await clock.advance(GRACE_MS + 1_000, settle);
  assert.deepEqual(await covered(), [], 'nobody connected anywhere is covered while A runs the quest');

  await a.die();
  for (const p of [b, c]) await p.relay.check();
  assert.ok(b.leases.holds(q.questId), 'B, the first to look, took the quest over');
  assert.ok(!c.leases.holds(q.questId));
  assert.deepEqual(await covered(), [], 'the grace period of the players who were on A starts now');

  await clock.advance(GRACE_MS - 1_000, settle);
  assert.deepEqual(await covered(), [], 'Fay may still come back');
  await clock.advance(2_000, settle);
  assert.deepEqual(await covered(), ['cs'], "only Fay, whose sockets were all on A, is covered; Hana's tab on C keeps hers");

  // Sol's socket closes on C, which does not run the quest: the announcement of that lobby change (which names the
  // quest only) brings B's grace logic to it.
  await c.service.setConnected(solOnC, false);
  await b.service.changedElsewhere(q.questId);
  await clock.advance(GRACE_MS - 1_000, settle);
  assert.deepEqual(await covered(), ['cs'], 'Sol may still come back');
  await clock.advance(2_000, settle);
  assert.deepEqual(await covered(), ['cs', 'design'], 'Sol, gone from every process, is covered after the grace period');

  // Back on C: the seat is theirs again, released by the process they reconnected to.
  await c.relay.check();
  await c.service.setConnected(solOnC, true);
  await settle();
  const released = (await b.opened.store.events(q.questId, 0)).flatMap((e) =>
    e.event.type === 'seat_released' ? [e.event.role] : [],
  );
  assert.deepEqual(released, ['design']);

  // Hana closes her tab on C (her tab on A died with A), with no announcement reaching B: the periodic check does.
  await c.service.setConnected(hanaOnC, false);
  await b.relay.check();
  // She comes back within the grace period, and B hears nothing of it: before a bot takes a seat, B asks again.
  await clock.advance(10_000, settle);
  await c.service.setConnected(hanaOnC, true);
  await clock.advance(GRACE_MS, settle);
  assert.deepEqual(await covered(), ['cs', 'design'], 'Hana came back in time');
  await c.service.setConnected(hanaOnC, false);
  await b.relay.check();
  await clock.advance(GRACE_MS - 1_000, settle);
  assert.deepEqual(await covered(), ['cs', 'design'], 'her new absence has its own grace period');
  await clock.advance(2_000, settle);
  assert.deepEqual(await covered(), ['cs', 'design', 'pm'], 'Hana gone for the whole grace period is covered');

  await clock.advance(5 * GRACE_MS, settle);
  assert.deepEqual(await covered(), ['cs', 'design', 'pm'], 'Gil and Sol, connected to live processes, are never covered');
});
