import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { QuestEvent, QuestState } from '../../engine/index.ts';
import type { OpenedStore } from './open-store.ts';
import { type NewEvent, type QuestStore, VersionConflict } from './quest-store.ts';
import { createTestDatabase, DRIVERS, type TestDatabase } from './test-database.ts';

const say = (at: number, text: string): NewEvent => ({
  event: { type: 'message_sent', at, by: 'pm', kind: 'statement', text, via: 'text' } as QuestEvent,
  actor: 'player-under-test',
  seat: 'pm',
});

async function newQuest(store: QuestStore): Promise<string> {
  const org = await store.demoOrganisation();
  const id = randomUUID();
  const hostId = randomUUID();
  const now = new Date();
  await store.createQuest(
    {
      id,
      orgId: org.id,
      scenarioId: 'ship-by-friday',
      scenarioHash: 'h',
      seed: 7,
      invite: randomUUID(),
      hostPlayerId: hostId,
      createdAt: now,
    },
    { id: hostId, name: 'Host', tokenHash: randomUUID(), seat: null, createdAt: now },
  );
  return id;
}

for (const driver of DRIVERS) {
  describe(`quest store on ${driver}`, () => {
    let db: TestDatabase;
    let opened: OpenedStore;
    let store: QuestStore;
    before(async () => {
      db = await createTestDatabase(driver);
      opened = await db.open();
      store = opened.store;
    });
    after(async () => {
      await db.destroy();
    });

    test('migrations ran and the demo organisation exists once', async () => {
      const org = await store.demoOrganisation();
      assert.equal(org.slug, 'demo');
      assert.deepEqual(await store.ensureDemoOrganisation(randomUUID()), org);
    });

    test('append writes a numbered batch and reads it back in order', async () => {
      const id = await newQuest(store);
      const v = await store.append(id, 0, [say(10, 'a'), say(11, 'b'), say(12, 'c')], { at: new Date(), status: 'running' });
      assert.equal(v, 3);
      const events = await store.events(id);
      assert.deepEqual(
        events.map((e) => [e.seq, (e.event as { text: string }).text, e.actor, e.seat, e.schemaVersion]),
        [
          [1, 'a', 'player-under-test', 'pm', 1],
          [2, 'b', 'player-under-test', 'pm', 1],
          [3, 'c', 'player-under-test', 'pm', 1],
        ],
      );
      assert.deepEqual(
        (await store.events(id, 1, 1)).map((e) => e.seq),
        [2],
      );
      const row = await store.quest(id);
      assert.equal(row?.version, 3);
      assert.equal(row?.status, 'running');
    });

    test('two writers at the same version: one wins, the other gets VersionConflict and writes nothing', async () => {
      const id = await newQuest(store);
      await store.append(id, 0, [say(1, 'first')], { at: new Date() });
      const results = await Promise.allSettled([
        store.append(id, 1, [say(2, 'writer A'), say(3, 'writer A again')], { at: new Date() }),
        store.append(id, 1, [say(2, 'writer B')], { at: new Date() }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 1);
      assert.ok((lost[0] as PromiseRejectedResult).reason instanceof VersionConflict);
      const texts = (await store.events(id)).map((e) => (e.event as { text: string }).text);
      const winner = results[0]?.status === 'fulfilled' ? ['first', 'writer A', 'writer A again'] : ['first', 'writer B'];
      assert.deepEqual(texts, winner);
      assert.equal((await store.quest(id))?.version, winner.length);
    });

    test('a stale writer is refused even when it is alone', async () => {
      const id = await newQuest(store);
      await store.append(id, 0, [say(1, 'one'), say(2, 'two')], { at: new Date() });
      await assert.rejects(store.append(id, 1, [say(3, 'stale')], { at: new Date() }), VersionConflict);
      await assert.rejects(store.append(id, 5, [say(3, 'from the future')], { at: new Date() }), VersionConflict);
      assert.equal((await store.events(id)).length, 2);
    });

    test('a snapshot is written with its append and the latest one is returned', async () => {
      const id = await newQuest(store);
      const state = (version: number) => ({ version, marker: `v${version}` }) as unknown as QuestState;
      await store.saveSnapshot(id, state(0), new Date());
      await store.append(id, 0, [say(1, 'a'), say(2, 'b')], { at: new Date(), snapshot: state(2) });
      await store.append(id, 2, [say(3, 'c')], { at: new Date() });
      const snap = await store.latestSnapshot(id);
      assert.equal(snap?.version, 2);
      assert.equal((snap?.state as unknown as { marker: string } | undefined)?.marker, 'v2');
      await assert.rejects(
        store.append(id, 3, [say(4, 'd')], { at: new Date(), snapshot: state(9) }),
        /snapshot is at version 9/,
      );
      assert.equal((await store.quest(id))?.version, 3, 'a failed append leaves the version alone');
    });

    test('appends of many quests in the same tick commit together, each with its own version check', async () => {
      const ids = await Promise.all(Array.from({ length: 12 }, () => newQuest(store)));
      await Promise.all(ids.map((id) => store.append(id, 0, [say(1, 'opening')], { at: new Date() })));
      const state = (version: number) => ({ version, marker: `v${version}` }) as unknown as QuestState;
      // All in one tick: quest 0 is appended at a stale version, quest 1 twice at the same version, quest 2 with a
      // snapshot and a status change; the rest plainly.
      const db = store.db as unknown as { execute: (...a: unknown[]) => Promise<unknown> };
      const execute = db.execute;
      let statements = 0;
      db.execute = function (this: unknown, ...a: unknown[]) {
        statements++;
        return execute.apply(this, a);
      };
      const results = await Promise.allSettled(
        ids.flatMap((id, i) => {
          if (i === 0) return [store.append(id, 0, [say(2, 'stale')], { at: new Date() })];
          if (i === 1)
            return [
              store.append(id, 1, [say(2, 'first in')], { at: new Date() }),
              store.append(id, 1, [say(2, 'second in')], { at: new Date() }),
            ];
          if (i === 2)
            return [store.append(id, 1, [say(2, 'a'), say(3, 'b')], { at: new Date(), status: 'running', snapshot: state(3) })];
          return [store.append(id, 1, [say(2, `quest ${i}`)], { at: new Date() })];
        }),
      );
      db.execute = execute;
      // One statement for the twelve quests, one more for the second append to quest 1 (a quest is in a batch once).
      assert.equal(statements, 2);
      const [stale, firstIn, secondIn, withSnapshot, ...plain] = results;
      assert.ok(stale?.status === 'rejected' && stale.reason instanceof VersionConflict);
      assert.deepEqual(firstIn, { status: 'fulfilled', value: 2 });
      assert.ok(secondIn?.status === 'rejected' && secondIn.reason instanceof VersionConflict);
      assert.deepEqual(withSnapshot, { status: 'fulfilled', value: 3 });
      assert.deepEqual(
        plain.map((r) => r.status === 'fulfilled' && r.value),
        plain.map(() => 2),
      );
      const texts = async (id: string) => (await store.events(id)).map((e) => (e.event as { text: string }).text);
      assert.deepEqual(await texts(ids[0] as string), ['opening'], 'the stale append wrote nothing');
      assert.deepEqual(await texts(ids[1] as string), ['opening', 'first in']);
      assert.deepEqual(await texts(ids[2] as string), ['opening', 'a', 'b']);
      assert.equal((await store.latestSnapshot(ids[2] as string))?.version, 3);
      assert.equal((await store.quest(ids[2] as string))?.status, 'running');
      assert.equal((await store.quest(ids[3] as string))?.status, 'lobby', "a batch leaves other quests' status alone");
      for (const id of ids.slice(3)) assert.equal((await store.quest(id))?.version, 2);
    });

    test("events already stored at a batch member's seqs fail only that append", async () => {
      const [broken, fine] = [await newQuest(store), await newQuest(store)];
      // A stream whose row says version 0 but which holds event 1: the unique key, not the version, refuses it.
      await store.append(broken, 0, [say(1, 'kept')], { at: new Date() });
      await store.db.execute(sql`update quests set version = 0 where id = ${broken}::uuid`);
      const [a, b] = await Promise.allSettled([
        store.append(broken, 0, [say(1, 'duplicate')], { at: new Date() }),
        store.append(fine, 0, [say(1, 'written')], { at: new Date() }),
      ]);
      assert.ok(a?.status === 'rejected' && a.reason instanceof VersionConflict);
      assert.deepEqual(b, { status: 'fulfilled', value: 1 });
      assert.deepEqual(
        (await store.events(broken)).map((e) => (e.event as { text: string }).text),
        ['kept'],
      );
    });

    test('a role holds one person; spectators are many', async () => {
      const id = await newQuest(store);
      const [host] = await store.players(id);
      const other = randomUUID();
      const third = randomUUID();
      await store.addPlayer({
        id: other,
        questId: id,
        name: 'Other',
        tokenHash: randomUUID(),
        seat: null,
        createdAt: new Date(),
      });
      await store.addPlayer({
        id: third,
        questId: id,
        name: 'Third',
        tokenHash: randomUUID(),
        seat: null,
        createdAt: new Date(),
      });
      assert.equal(await store.setSeat(host?.id as string, 'pm'), true);
      assert.equal(await store.setSeat(other, 'pm'), false);
      assert.equal(await store.setSeat(other, 'spectator'), true);
      assert.equal(await store.setSeat(third, 'spectator'), true);
      assert.deepEqual((await store.players(id)).map((p) => p.seat).sort(), ['pm', 'spectator', 'spectator']);
    });

    test('presence is recorded and cleared for everyone after a restart', async () => {
      const id = await newQuest(store);
      const [host] = await store.players(id);
      await store.setPresence(id, host?.id as string, true, new Date(1000));
      assert.deepEqual(
        (await store.presence(id)).map((p) => p.connected),
        [true],
      );
      await store.disconnectEveryone(id, new Date(2000));
      const [p] = await store.presence(id);
      assert.equal(p?.connected, false);
      assert.equal(p?.at.getTime(), 2000);
    });

    test('active quests are the running and paused ones', async () => {
      const running = await newQuest(store);
      const lobby = await newQuest(store);
      await store.append(running, 0, [say(1, 'go')], { at: new Date(), status: 'running' });
      const active = (await store.activeQuests()).map((q) => q.id);
      assert.ok(active.includes(running));
      assert.ok(!active.includes(lobby));
    });
  });
}
