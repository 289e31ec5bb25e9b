import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
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
