import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { z } from 'zod';
import type { EnqueueOptions, JobQueue } from '../jobs/job-queue.ts';
import {
  type AlertDelivery,
  COMMITMENT_ALERTS_JOB,
  COMMITMENT_ALERTS_SCHEDULE,
  deliverCommitmentAlerts,
  InAppAlertDelivery,
  registerCommitmentAlerts,
  type TeamAlert,
} from './alert-delivery.ts';
import { createCommitment, renegotiateCommitment } from './commitment-store.ts';
import { testDirectory, testLedgerApp } from './test-ledger-app.ts';
import { createTestLedgerDatabase, DRIVERS, type TestLedgerDatabase } from './test-ledger-database.ts';

const NOW = new Date('2025-03-03T09:00:00Z');

/** Records every alert it is given. */
class RecordingDelivery implements AlertDelivery {
  readonly name = 'recording';
  readonly got: TeamAlert[] = [];
  async deliverAlert(alert: TeamAlert): Promise<void> {
    this.got.push(alert);
  }
}

class BrokenDelivery implements AlertDelivery {
  readonly name = 'slack (down)';
  async deliverAlert(): Promise<void> {
    throw new Error('slack is down');
  }
}

/** The JobQueue contract held in memory: handlers by name, schedules by name, payloads parsed as the real queue does. */
class MemoryQueue implements JobQueue {
  readonly handlers = new Map<string, { schema: z.ZodType<unknown>; handler: (payload: unknown) => Promise<void> }>();
  readonly schedules = new Map<string, string>();
  register<T>(name: string, schema: z.ZodType<T>, handler: (payload: T) => Promise<void>): void {
    this.handlers.set(name, { schema, handler: handler as (payload: unknown) => Promise<void> });
  }
  async enqueue<T>(name: string, payload: T, _opts?: EnqueueOptions): Promise<void> {
    const h = this.handlers.get(name);
    if (!h) throw new Error(`no handler for ${name}`);
    await h.handler(h.schema.parse(payload));
  }
  async every(name: string, cron: string): Promise<void> {
    this.schedules.set(name, cron);
  }
}

for (const driver of DRIVERS) {
  describe(`commitment alert delivery on ${driver}`, () => {
    let database: TestLedgerDatabase;
    const dir = testDirectory();
    const org = randomUUID();
    const team = dir.team(org);
    const otherTeam = dir.team(org);
    const owner = dir.person('Tom Berg');
    dir.join(owner.id, org, 'member');
    dir.joinTeam(owner.id, team, 'lead');

    before(async () => {
      database = await createTestLedgerDatabase(driver);
      await dir.save(database.db);
    });
    after(async () => {
      await database?.destroy();
    });

    const commit = (teamId: string, title: string, dueOn: string, ownerPersonId: string | null = owner.id) =>
      createCommitment(
        database.db,
        teamId,
        { title, ownerPersonId, ownerName: 'Tom Berg', dueOn, tradeOffId: null, itemId: null },
        owner.id,
        NOW,
      );

    it('delivers each alert due now once, across runs and teams; a new due date is a new alert', async () => {
      const soon = await commit(team, 'Billing cleanup sprint', '2025-03-10');
      const late = await commit(otherTeam, 'Queue back-pressure', '2025-02-20', null);
      await commit(team, 'Far away', '2025-09-01');
      const inbox = new RecordingDelivery();

      const first = await deliverCommitmentAlerts(database.db, [inbox], NOW);
      assert.deepEqual(
        first.delivered.map((a) => [a.teamId, a.commitmentId, a.kind]).sort(),
        [
          [otherTeam, late.id, 'slipping'],
          [team, soon.id, 'due_soon'],
        ].sort(),
      );
      assert.equal(inbox.got.length, 2);

      // A restart (a fresh run on the same database) sends nothing again.
      const second = await deliverCommitmentAlerts(database.db, [inbox], new Date(NOW.getTime() + 3_600_000));
      assert.equal(second.delivered.length, 0);
      assert.equal(second.alreadyDelivered, 2);
      assert.equal(inbox.got.length, 2);

      // Once it is past due, the same commitment slips: a different alert, sent once.
      const later = new Date('2025-03-12T09:00:00Z');
      const third = await deliverCommitmentAlerts(database.db, [inbox], later);
      assert.deepEqual(
        third.delivered.map((a) => [a.commitmentId, a.kind]),
        [[soon.id, 'slipping']],
      );

      // Renegotiated to a date that is again close: a new due date, so a new alert.
      await renegotiateCommitment(
        database.db,
        team,
        soon.id,
        { dueOn: '2025-03-20', reason: 'the incident took the sprint', agreedBy: ['Tom Berg', 'Priya'] },
        owner.id,
        later,
      );
      const fourth = await deliverCommitmentAlerts(database.db, [inbox], later);
      assert.deepEqual(
        fourth.delivered.map((a) => [a.commitmentId, a.kind, a.dueOn]),
        [[soon.id, 'due_soon', '2025-03-20']],
      );
    });

    it('releases an alert no delivery could send so the next run retries; one working delivery is enough', async () => {
      const c = await commit(team, 'Flaky cleanup', '2025-03-08');
      const failed = await deliverCommitmentAlerts(database.db, [new BrokenDelivery()], NOW, { warn: () => {} });
      assert.ok(!failed.delivered.some((a) => a.commitmentId === c.id));

      const inbox = new RecordingDelivery();
      const warnings: string[] = [];
      const retried = await deliverCommitmentAlerts(database.db, [new BrokenDelivery(), inbox], NOW, {
        warn: (obj) => warnings.push((obj as { delivery: string }).delivery),
      });
      assert.deepEqual(
        retried.delivered.map((a) => a.commitmentId),
        [c.id],
      );
      assert.deepEqual(
        inbox.got.map((a) => a.commitmentId),
        [c.id],
      );
      assert.deepEqual(warnings, ['slack (down)']);
    });

    it("tells the owner's open sessions in the app, and only the owner's", async () => {
      const inApp = new InAppAlertDelivery();
      const mine: TeamAlert[] = [];
      const someoneElse: TeamAlert[] = [];
      const stop = inApp.subscribe(owner.id, (a) => mine.push(a));
      inApp.subscribe(randomUUID(), (a) => someoneElse.push(a));
      const c = await commit(team, 'In-app cleanup', '2025-03-07');
      await deliverCommitmentAlerts(database.db, [inApp], NOW);
      assert.deepEqual(
        mine.map((a) => a.commitmentId),
        [c.id],
      );
      assert.equal(someoneElse.length, 0);
      stop();
    });

    it("registers the periodic 'ledger.commitment-alerts' job, whose run delivers the alerts due", async () => {
      const queue = new MemoryQueue();
      const inbox = new RecordingDelivery();
      const c = await commit(team, 'Scheduled cleanup', '2025-03-09');
      await registerCommitmentAlerts(queue, { db: database.db, deliveries: [inbox], now: () => NOW });
      assert.equal(queue.schedules.get(COMMITMENT_ALERTS_JOB), COMMITMENT_ALERTS_SCHEDULE);
      await queue.enqueue(COMMITMENT_ALERTS_JOB, {});
      assert.ok(inbox.got.some((a) => a.commitmentId === c.id));
      await queue.enqueue(COMMITMENT_ALERTS_JOB, {});
      assert.equal(inbox.got.filter((a) => a.commitmentId === c.id).length, 1);
    });

    it('shows on the commitments page when each alert was sent', async () => {
      const t = await testLedgerApp(database.db, dir, NOW);
      try {
        const answer = await t.call('GET', `/api/teams/${team}/ledger/alerts`, owner);
        assert.equal(answer.statusCode, 200);
        const alerts = (answer.json() as { alerts: { title: string; deliveredAt: string | null }[] }).alerts;
        const sent = alerts.find((a) => a.title === 'Scheduled cleanup');
        assert.equal(sent?.deliveredAt, NOW.toISOString());
      } finally {
        await t.app.close();
      }
    });
  });
}
