import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { hashJson, initialState, type QuestEvent, type QuestState, replay, type Seat, viewFor } from '../../engine/index.ts';
import { type AppendOptions, type NewEvent, QuestStore, type StoreDatabase, VersionConflict } from '../store/quest-store.ts';
import { questSnapshots } from '../store/schema.ts';
import { createTestDatabase, DRIVERS, type TestDatabase } from '../store/test-database.ts';
import type { QuestPlay } from './create-quest-service.ts';
import type { QuestChange } from './quest-service.ts';
import { TestClock } from './test-clock.ts';
import { openService, questWith, SCENARIO } from './test-service.ts';

/** Fires timers until the quest ends; a bound on steps keeps a stuck quest from hanging the test. */
async function playToTheEnd(service: QuestPlay, clock: TestClock, questId: string, maxSteps = 20_000): Promise<number> {
  const status = async () => (await service.lobby(questId))?.status;
  let steps = 0;
  while ((await status()) !== 'finished') {
    assert.ok(steps++ < maxSteps, `the quest did not end within ${maxSteps} timer steps`);
    assert.ok(await clock.step(() => service.settled()), 'the quest is not finished but no timer is pending');
  }
  return steps;
}

/** The state from its first snapshot (the initial state, version 0) and every event, folded from scratch. */
async function replayAll(store: QuestStore, questId: string): Promise<QuestState> {
  const row = await store.quest(questId);
  const seats = row?.seats as Seat[];
  const events = (await store.events(questId)).map((e) => e.event);
  return replay.events(initialState(SCENARIO, row?.seed as number, seats), events);
}

/** A store whose appends always lose the race, to see the service give up after its tries. */
class AlwaysBeaten extends QuestStore {
  tries = 0;
  override async append(questId: string, expectedVersion: number, _events: NewEvent[], _opts: AppendOptions): Promise<number> {
    this.tries++;
    throw new VersionConflict(questId, expectedVersion);
  }
}

for (const driver of DRIVERS) {
  describe(`quest play on ${driver}`, () => {
    let db: TestDatabase;
    let store: QuestStore;
    before(async () => {
      db = await createTestDatabase(driver);
      store = (await db.open()).store;
    });
    after(async () => {
      await db.destroy();
    });

    test('a quest of bots plays to its ending through the service; snapshot + events equals a full replay', async () => {
      const clock = new TestClock();
      const service = await openService(store, clock, { snapshotEvery: 7 });
      try {
        const q = await questWith(service, [], 20250106);
        assert.ok((await service.fillBots(q.host, 'collaborative')).ok);
        assert.ok((await service.start(q.host)).ok);
        const seen: QuestChange[] = [];
        service.onChange((c) => c.questId === q.questId && seen.push(c));
        const startedAt = clock.now;
        const steps = await playToTheEnd(service, clock, q.questId);

        const view = (await service.snapshot(q.host)).view;
        assert.equal(view?.status, 'finished');
        assert.ok(view?.ending, 'the quest reached an ending');
        assert.equal(view?.decisions.length, SCENARIO.scenes.length, 'every scene was decided');
        assert.ok(clock.now - startedAt < 2 * 60 * 60_000, 'it ended in quest time, not by running forever');
        assert.equal(clock.timerCount, 0, 'a finished quest leaves no timer behind');

        // Every event listeners saw was committed, in order, with no gap.
        const stored = await store.events(q.questId);
        const heard = seen.flatMap((c) => c.events);
        assert.deepEqual(
          heard.map((e) => e.seq),
          stored.slice(stored.length - heard.length).map((e) => e.seq),
        );
        for (const [i, e] of heard.entries()) assert.equal(e.seq, (heard[0]?.seq ?? 0) + i);

        const fromScratch = await replayAll(store, q.questId);
        const snap = await store.latestSnapshot(q.questId);
        assert.ok(snap && snap.version > 0);
        const later = (await store.events(q.questId, snap.version)).map((e) => e.event);
        const fromSnapshot = replay.events(snap.state, later);
        assert.equal(replay.hash(fromSnapshot), replay.hash(fromScratch));
        assert.equal(fromScratch.version, stored.length);
        // A second service knows the quest from the database alone, and sees what a replay from scratch sees (the
        // host, unseated with nobody in the chair, facilitates).
        const fresh = await openService(store, new TestClock(clock.now));
        try {
          const loaded = await fresh.snapshot(q.host);
          assert.equal(loaded.version, stored.length);
          assert.equal(hashJson(loaded.view), hashJson(viewFor(fromScratch, { facilitator: true }, SCENARIO)));
        } finally {
          await fresh.close();
        }

        // Every stored snapshot is the replay of the events before it.
        const snaps = await store.db.select().from(questSnapshots).where(eq(questSnapshots.questId, q.questId));
        assert.ok(
          snaps.length >= Math.floor(stored.length / 7),
          `snapshots every 7 events (${snaps.length} for ${stored.length})`,
        );
        const events = stored.map((e) => e.event);
        const seats = (await store.quest(q.questId))?.seats as Seat[];
        for (const s of snaps) {
          const expected = replay.events(initialState(SCENARIO, 20250106, seats), events.slice(0, s.version));
          assert.equal(replay.hash(s.state as QuestState), replay.hash(expected), `snapshot at ${s.version}`);
        }

        const actors = new Set(stored.map((e) => e.actor));
        assert.ok(
          [...actors].some((a) => a.startsWith('bot:')),
          'bots acted',
        );
        assert.deepEqual(
          [...actors].filter((a) => !a.startsWith('bot:') && a !== 'system'),
          [q.host.id],
          'only the host (the start), the bots and the server clock wrote',
        );
        const deb = await service.debrief(q.host);
        assert.ok(deb.ok);
        const kinds = new Set(deb.debrief.timeline.map((t) => t.kind));
        for (const k of ['scene', 'decision', 'ending']) assert.ok(kinds.has(k), `timeline has a ${k}`);
        assert.deepEqual(
          deb.debrief.framework.map((f) => f.step),
          [
            'Name the trade-off',
            'Price the risks',
            'Those who bear the consequences decide',
            'Surface unspoken needs',
            'Protect the relationship',
          ],
        );
        const used = deb.debrief.framework.filter((f) => f.used);
        assert.ok(used.length >= 2, `collaborative bots use the framework: ${JSON.stringify(deb.debrief.framework)}`);
        for (const f of used) assert.ok(f.evidence.length > 0);
        assert.ok(steps > 10);
      } finally {
        await service.close();
      }
    });

    test('bots never exceed their move budget per quest per second', async () => {
      const clock = new TestClock();
      const service = await openService(store, clock, { botThinkMs: { min: 0, max: 1 }, botMovesPerSecond: 3 });
      try {
        const q = await questWith(service, [], 5);
        assert.ok((await service.fillBots(q.host, 'collaborative')).ok);
        assert.ok((await service.start(q.host)).ok);
        for (let i = 0; i < 400; i++) await clock.step(() => service.settled());
        const botEvents = (await store.events(q.questId)).filter((e) => e.actor.startsWith('bot:'));
        assert.ok(botEvents.length > 0);
        // Commands, not events, are bounded: count distinct (actor, at) moves per second window.
        const moves = [...new Set(botEvents.map((e) => `${e.actor}@${e.event.at}`))].map((k) => Number(k.split('@')[1]));
        for (const at of moves) {
          const inWindow = moves.filter((t) => t > at - 1000 && t <= at).length;
          assert.ok(inWindow <= 3, `${inWindow} bot moves within one second`);
        }
      } finally {
        await service.close();
      }
    });

    test('two services on one database: the stale one catches up and decides again, never overwriting', async () => {
      const clock = new TestClock();
      const a = await openService(store, clock);
      const b = await openService(store, clock);
      try {
        const q = await questWith(a, ['Gil', 'Fay', 'Sol']);
        const [gil, fay, sol] = q.guests as [typeof q.host, typeof q.host, typeof q.host];
        assert.ok((await a.takeSeat(q.host, 'pm')).ok);
        assert.ok((await a.takeSeat(gil, 'eng')).ok);
        assert.ok((await a.takeSeat(fay, 'cs')).ok);
        assert.ok((await a.takeSeat(sol, 'design')).ok);
        assert.ok((await a.start(q.host)).ok);
        // b loads the quest now, then a moves on without b knowing.
        const bHost = await b.authenticate(q.questId, q.tokens.get(q.host.id) as string);
        const bGil = await b.authenticate(q.questId, q.tokens.get(gil.id) as string);
        assert.ok(bHost && bGil);
        const version = (await b.snapshot(bHost)).version;
        const heardByB: QuestChange[] = [];
        b.onChange((c) => heardByB.push(c));

        const first = await a.command(q.host, { type: 'ready' });
        assert.ok(first.ok);
        assert.equal(first.version, version + 1);
        // b still thinks the quest is at `version`: its append conflicts, it catches up and decides again.
        const second = await b.command(bGil, { type: 'say', text: 'From the other process.' });
        assert.ok(second.ok, JSON.stringify(second));
        assert.equal(second.version, version + 2);
        assert.deepEqual(
          heardByB.flatMap((c) => c.events.map((e) => e.seq)),
          [version + 1, version + 2],
        );
        // Deciding again on the caught-up state can refuse: the host is ready already.
        const again = await b.command(bHost, { type: 'ready' });
        assert.equal(again.ok, false);
        if (!again.ok) assert.equal(again.error.code, 'conflict');
        const stored = await store.events(q.questId, version);
        assert.deepEqual(
          stored.map((e) => [e.seq, e.event.type]),
          [
            [version + 1, 'player_ready'],
            [version + 2, 'message_sent'],
          ],
        );
      } finally {
        await a.close();
        await b.close();
      }
    });

    test('a writer that keeps losing gives up after three tries and reports the quest busy, not a rule conflict', async () => {
      const clock = new TestClock();
      const service = await openService(store, clock);
      const q = await questWith(service, ['Gil']);
      const [gil] = q.guests as [typeof q.host];
      assert.ok((await service.takeSeat(gil, 'pm')).ok);
      assert.ok((await service.fillBots(q.host, 'quiet')).ok);
      assert.ok((await service.start(q.host)).ok);
      await service.close();
      const beaten = new AlwaysBeaten(store.db as StoreDatabase, store.driver);
      const loser = await openService(beaten, clock);
      try {
        const p = await loser.authenticate(q.questId, q.tokens.get(gil.id) as string);
        assert.ok(p);
        const before = (await loser.snapshot(p)).version;
        const stored = (await store.events(q.questId)).length;
        const r = await loser.command(p, { type: 'say', text: 'Can anyone hear me?' });
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.equal(r.error.code, 'busy');
          assert.match(r.error.message, /busy.*try again/);
        }
        assert.equal(beaten.tries, 3);
        assert.equal((await loser.snapshot(p)).version, before);
        assert.equal((await store.events(q.questId)).length, stored, 'nothing of the lost move was written');
      } finally {
        await loser.close();
      }
    });

    test('a dropped seat is covered by a bot after the grace period and released on return', async () => {
      const clock = new TestClock();
      const service = await openService(store, clock, { graceSeconds: 30 });
      try {
        const q = await questWith(service, ['Gil', 'Fay']);
        const [gil, fay] = q.guests as [typeof q.host, typeof q.host];
        assert.ok((await service.takeSeat(gil, 'pm')).ok);
        assert.ok((await service.takeSeat(fay, 'facilitator')).ok);
        assert.ok((await service.fillBots(q.host, 'quiet')).ok);
        await service.setConnected(gil, true);
        await service.setConnected(gil, true); // a second tab
        await service.setConnected(fay, true);
        assert.ok((await service.start(q.host)).ok);
        const role = (r: string) => async () => (await service.snapshot(gil)).view?.roles.find((x) => x.id === r);
        const pm = role('pm');

        await service.setConnected(gil, false);
        assert.equal(
          (await service.lobby(q.questId))?.players.find((p) => p.id === gil.id)?.connected,
          true,
          'one tab is still open',
        );
        await service.setConnected(gil, false);
        assert.equal((await service.lobby(q.questId))?.players.find((p) => p.id === gil.id)?.connected, false);
        const presence = await store.presence(q.questId);
        assert.equal(presence.find((p) => p.playerId === gil.id)?.connected, false, 'presence is recorded');

        const early = await service.command(fay, { type: 'cover_seat', role: 'pm', persona: 'collaborative' });
        assert.equal(early.ok, false);
        if (!early.ok) assert.equal(early.error.code, 'too_early');
        await clock.advance(29_000, () => service.settled());
        assert.equal((await pm())?.kind, 'human');
        await clock.advance(1_000, () => service.settled());
        assert.equal((await pm())?.kind, 'bot', 'covered after 30 s');
        const covered = (await store.events(q.questId)).find((e) => e.event.type === 'seat_covered');
        assert.equal(covered?.actor, 'system');
        assert.equal((covered?.event as Extract<QuestEvent, { type: 'seat_covered' }> | undefined)?.role, 'pm');

        await service.setConnected(gil, true);
        assert.equal((await pm())?.kind, 'human', 'released on return');
        assert.ok((await service.command(gil, { type: 'say', text: 'Back. Where were we?' })).ok);
      } finally {
        await service.close();
      }
    });
  });
}
