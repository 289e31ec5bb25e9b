import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { nextDeadline, replay } from '../../engine/index.ts';
import { createTestDatabase, DRIVERS, type TestDatabase } from '../store/test-database.ts';
import type { QuestChange } from './quest-service.ts';
import { TestClock } from './test-clock.ts';
import { openService, questWith } from './test-service.ts';

for (const driver of DRIVERS) {
  describe(`restarts on ${driver}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(driver);
    });
    after(async () => {
      await db.destroy();
    });

    test('a deadline that passed while the server was down is resolved at start', async () => {
      const clock = new TestClock();
      let opened = await db.open();
      // A long grace period: nobody reconnects in this test, and no bot should take over the seats.
      const options = { graceSeconds: 3600 };
      let service = await openService(opened.store, clock, options);
      const q = await questWith(service, ['Gil', 'Fay', 'Sol']);
      const [gil, fay, sol] = q.guests as [typeof q.host, typeof q.host, typeof q.host];
      assert.ok((await service.takeSeat(q.host, 'pm')).ok);
      assert.ok((await service.takeSeat(gil, 'eng')).ok);
      assert.ok((await service.takeSeat(fay, 'cs')).ok);
      assert.ok((await service.takeSeat(sol, 'design')).ok);
      assert.ok((await service.start(q.host)).ok);
      const before = await service.snapshot(gil);
      assert.equal(before.view?.scene?.phase, 'briefing');
      const due = before.view?.scene?.endsAt as number;
      assert.ok(due > clock.now);

      // The server goes down before the briefing ends and comes back ten minutes after it should have ended.
      await service.close();
      await opened.close();
      clock.now = due + 10 * 60_000;
      opened = await db.open();
      const heard: QuestChange[] = [];
      service = await openService(opened.store, clock, options);
      try {
        const events = await opened.store.events(q.questId, before.version);
        assert.deepEqual(
          events.map((e) => [e.event.type, e.actor, e.event.at]),
          [['phase_changed', 'system', clock.now]],
          'the deadline was resolved during start-up, stamped with the time it was resolved',
        );
        const afterRestart = await service.snapshot(gil);
        assert.equal(afterRestart.version, before.version + 1);
        assert.equal(afterRestart.view?.scene?.phase, 'discussion');
        // The next deadline is scheduled from the restart, and fires on the new service's clock.
        service.onChange((c) => heard.push(c));
        const next = afterRestart.view?.scene?.endsAt as number;
        await clock.advance(next - clock.now, () => service.settled());
        const deadlineEvents = heard.flatMap((c) => c.events.map((e) => e.event.type));
        assert.deepEqual(deadlineEvents.slice(0, 1), ['decision_made'], 'the discussion timed out');
        assert.equal(heard.flatMap((c) => c.events).find((e) => e.event.type === 'decision_made')?.event.at, next);
        const stored = await opened.store.events(q.questId);
        const snap = await opened.store.latestSnapshot(q.questId);
        const state = replay.events(
          snap?.state as NonNullable<typeof snap>['state'],
          stored.filter((e) => e.seq > (snap?.version ?? 0)).map((e) => e.event),
        );
        assert.equal(state.version, stored.length);
        assert.ok((nextDeadline(state) ?? 0) > clock.now, 'the next deadline is in the future');
      } finally {
        await service.close();
        await opened.close();
      }
    });

    test('after a restart nobody is connected, and seats are covered once the grace period runs out', async () => {
      const clock = new TestClock();
      let opened = await db.open();
      let service = await openService(opened.store, clock, { graceSeconds: 20 });
      const q = await questWith(service, ['Gil']);
      const [gil] = q.guests as [typeof q.host];
      assert.ok((await service.takeSeat(gil, 'pm')).ok);
      assert.ok((await service.fillBots(q.host, 'quiet')).ok);
      await service.setConnected(gil, true);
      assert.ok((await service.start(q.host)).ok);
      await service.close();
      await opened.close();

      clock.now += 5_000;
      opened = await db.open();
      service = await openService(opened.store, clock, { graceSeconds: 20 });
      try {
        const lobby = await service.lobby(q.questId);
        assert.equal(lobby?.players.find((p) => p.id === gil.id)?.connected, false);
        assert.equal((await opened.store.presence(q.questId)).find((p) => p.playerId === gil.id)?.connected, false);
        await clock.advance(20_000, () => service.settled());
        const view = (await service.snapshot(gil)).view;
        assert.equal(view?.roles.find((r) => r.id === 'pm')?.kind, 'bot');
      } finally {
        await service.close();
        await opened.close();
      }
    });
  });
}
