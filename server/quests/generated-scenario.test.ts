// A quest on a scenario generated at run time (a ledger practice quest): its YAML is compiled, refused with every
// problem when it does not compile, stored before the quest exists, and loaded again by a restarted service, which
// plays on exactly where the quest was.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { count } from 'drizzle-orm';
import { DEFAULT_SETTINGS } from '../ledger/ledger-settings.ts';
import { generatePracticeQuest } from '../ledger/practice-quest.ts';
import { testItem } from '../ledger/test-items.ts';
import { generatedScenarios, quests } from '../store/schema.ts';
import { createTestDatabase, DRIVERS, type TestDatabase } from '../store/test-database.ts';
import { TestClock } from './test-clock.ts';
import { openService } from './test-service.ts';

const crm = testItem({
  title: 'CRM integration',
  points: 8,
  rice: { reach: 450, impact: 3, confidence: 100, effort: 2 },
  risks: [{ text: 'the sync is untested under load', probability: 0.3, cost: 200_000 }],
});
const billing = testItem({
  title: 'Billing module cleanup',
  kind: 'debt',
  points: 5,
  debt: {
    extraHoursPerChange: 16,
    changesPerSprint: 1,
    outageProbability: 0.1,
    costPerOutage: 50_000,
    principalHours: 40,
    slows: [crm.id],
  },
  rice: { confidence: 80 },
});
const practice = generatePracticeQuest({
  teamName: 'Payments',
  items: [crm, billing],
  settings: { ...DEFAULT_SETTINGS },
  method: 'rice',
  capacity: 8,
  thirdRole: 'support',
  generatedAt: new Date('2025-03-03T09:00:00Z'),
});

for (const driver of DRIVERS) {
  describe(`quests on generated scenarios on ${driver}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(driver);
    });
    after(async () => {
      await db.destroy();
    });

    test('a YAML that does not compile is refused with its problems, and nothing is stored', async () => {
      const clock = new TestClock();
      const opened = await db.open();
      const service = await openService(opened.store, clock);
      try {
        const orgId = (await opened.store.demoOrganisation()).id;
        const [before] = await opened.store.db.select({ n: count() }).from(quests);
        const broken = practice.yaml.replace(/^roles:/m, 'rolez:');
        const r = await service.createQuest({
          scenarioId: practice.scenarioId,
          hostName: 'Priya',
          place: { orgId, teamId: null },
          generated: { yaml: broken },
        });
        assert.ok(!r.ok);
        assert.equal(r.error.code, 'invalid');
        assert.match(r.error.message, /^the generated scenario does not compile: .*\.yaml:\d+: /);
        const taken = await service.createQuest({
          scenarioId: 'ship-by-friday',
          hostName: 'Priya',
          place: { orgId, teamId: null },
          generated: { yaml: practice.yaml },
        });
        assert.ok(!taken.ok);
        assert.match(taken.error.message, /built-in scenario's id/);
        const [afterwards] = await opened.store.db.select({ n: count() }).from(quests);
        assert.equal(afterwards?.n, before?.n);
        assert.equal((await opened.store.db.select().from(generatedScenarios)).length, 0);
        // The gallery stays the catalog's.
        assert.deepEqual(
          service.scenarios().map((s) => s.id),
          ['ship-by-friday'],
        );
      } finally {
        await service.close();
        await opened.close();
      }
    });

    test('a quest on a generated scenario survives a restart and plays on', async () => {
      const clock = new TestClock();
      let opened = await db.open();
      const options = { graceSeconds: 3600 };
      let service = await openService(opened.store, clock, options);
      const orgId = (await opened.store.demoOrganisation()).id;
      const created = await service.createQuest({
        scenarioId: practice.scenarioId,
        hostName: 'Priya',
        seed: 5,
        place: { orgId, teamId: null },
        generated: { yaml: practice.yaml },
      });
      assert.ok(created.ok, JSON.stringify(created));
      const info = await service.inviteInfo(created.invite);
      assert.ok(info.ok);
      assert.equal(info.scenario.title, "Practice: Payments' next sprint");
      let host = await service.authenticate(created.questId, created.player.token);
      assert.ok(host);
      assert.ok((await service.takeSeat(host, 'pm')).ok);
      assert.ok((await service.fillBots(host, 'collaborative')).ok);
      assert.ok((await service.start(host)).ok);
      host = await service.authenticate(created.questId, created.player.token);
      assert.ok(host);
      assert.ok((await service.command(host, { type: 'ready' })).ok);
      const before = await service.snapshot(host);
      assert.equal(before.view?.scene?.phase, 'briefing');
      const due = before.view?.scene?.endsAt as number;

      // Down before the briefing ends, back after it should have ended: a new process with only the catalog.
      await service.close();
      await opened.close();
      clock.now = due + 60_000;
      opened = await db.open();
      service = await openService(opened.store, clock, options);
      try {
        const player = await service.authenticate(created.questId, created.player.token);
        assert.ok(player, 'the quest loads from the stored scenario');
        const now = await service.snapshot(player);
        assert.equal(now.lobby.scenarioId, practice.scenarioId);
        assert.equal(now.view?.scene?.phase, 'discussion', 'the overdue deadline was resolved at start');
        assert.equal(now.version, before.version + 1);
        const said = await service.command(player, { type: 'say', text: 'Numbers first, then the plan.' });
        assert.ok(said.ok, JSON.stringify(said));
        const stored = await opened.store.db.select().from(generatedScenarios);
        assert.deepEqual(
          stored.map((s) => [s.scenarioId, s.orgId, s.source]),
          [[practice.scenarioId, orgId, practice.yaml]],
        );
      } finally {
        await service.close();
        await opened.close();
      }
    });
  });
}
