// The quest-end trigger end to end: a real quest with signed-in players (one of them not taking part) and an anonymous
// one is played to its ending through the quest service; the change feed's quest_ended starts the debriefs, each
// consenting person gets exactly one, nobody else gets any, and running the reaction again creates none.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { people } from '../accounts/schema.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { QuestEndedReactions } from '../jobs/quest-ended.ts';
import type { QuestPlay } from '../quests/create-quest-service.ts';
import { TestClock } from '../quests/test-clock.ts';
import { openService, SCENARIO } from '../quests/test-service.ts';
import type { QuestStore } from '../store/quest-store.ts';
import { questEvents } from '../store/schema.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { type Coach, createCoach } from './coach.ts';
import type { CoachDatabase } from './coach-store.ts';
import { type DebriefNotice, InAppDelivery } from './debrief-delivery.ts';
import { Keyring, newKeyText, parseKey } from './keyring.ts';
import { finishedQuestForCoaching, type QuestEndedOutcome, questEndedDebriefs } from './quest-ended-debriefs.ts';

/** A job queue that runs each job at once in this process: enough to see the reaction run once per ended quest. */
class InProcessQueue implements JobQueue {
  private readonly handlers = new Map<string, (payload: unknown) => Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  register<T>(name: string, schema: z.ZodType<T>, handler: (payload: T) => Promise<void>): void {
    this.handlers.set(name, (payload) => handler(schema.parse(payload)));
  }
  async enqueue<T>(name: string, payload: T): Promise<void> {
    const handler = this.handlers.get(name);
    assert.ok(handler, `no handler for ${name}`);
    const run = handler(payload).finally(() => this.running.delete(run));
    this.running.add(run);
  }
  async every(): Promise<void> {}
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}

async function playToTheEnd(service: QuestPlay, clock: TestClock, questId: string): Promise<void> {
  for (let steps = 0; (await service.lobby(questId))?.status !== 'finished'; steps++) {
    assert.ok(steps < 20_000, 'the quest did not end');
    assert.ok(await clock.step(() => service.settled()), 'the quest is not finished but no timer is pending');
  }
}

describe('debriefs when a quest ends', () => {
  let db: TestDatabase;
  let store: QuestStore;
  let coach: Coach;
  const [ana, bo, cy] = [randomUUID(), randomUUID(), randomUUID()] as string[] as [string, string, string];
  const notTakingPart = new Set([cy]);
  const isTakingPart = async (id: string) => !notTakingPart.has(id);
  const inApp = new InAppDelivery();
  const notices: { personId: string; notice: DebriefNotice }[] = [];
  const warnings: string[] = [];

  before(async () => {
    db = await createTestDatabase('postgres');
    store = (await db.open()).store;
    await store.db.insert(people).values([
      { id: ana, name: 'Ana' },
      { id: bo, name: 'Bo' },
      { id: cy, name: 'Cy' },
    ]);
    coach = createCoach({
      db: store.db as unknown as CoachDatabase,
      config: { keyring: new Keyring(parseKey(newKeyText(), 'test key')), llm: null },
      deliveries: [inApp],
      takingPart: isTakingPart,
    });
    for (const id of [ana, bo, cy]) inApp.subscribe(id, (notice) => notices.push({ personId: id, notice }));
  });
  after(async () => {
    await db?.destroy();
  });

  test('every consenting signed-in player gets one debrief, the others none, and a second run creates none', async () => {
    const clock = new TestClock();
    const service = await openService(store, clock);
    const react = questEndedDebriefs({
      store,
      scenarios: new Map([[SCENARIO.id, SCENARIO]]),
      coach,
      isTakingPart,
      logger: { info: () => undefined, warn: (_o, msg) => warnings.push(msg) },
    });
    // The server's wiring (server/main.ts): the reaction registered with the durable quest-ended job, here on a
    // queue that runs each job in this process as soon as it is enqueued.
    const queue = new InProcessQueue();
    const jobs = new QuestEndedReactions(store.db, queue);
    const outcomes: QuestEndedOutcome[] = [];
    jobs.add('coach-debriefs', async (questId) => {
      outcomes.push(await react(questId));
    });
    const stop = await jobs.start(service);
    try {
      const created = await service.createQuest({ scenarioId: SCENARIO.id, hostName: 'Ana', personId: ana, seed: 5 });
      assert.ok(created.ok);
      const host = await service.authenticate(created.questId, created.player.token);
      assert.ok(host);
      const seated = [{ player: host, role: 'pm' }];
      for (const [name, personId, role] of [
        ['Bo', bo, 'eng'],
        ['Cy', cy, 'cs'],
        ['Anonymous Dee', undefined, 'design'],
      ] as const) {
        const joined = await service.join(created.invite, name, personId);
        assert.ok(joined.ok);
        const p = await service.authenticate(created.questId, joined.player.token);
        assert.ok(p);
        seated.push({ player: p, role });
      }
      for (const s of seated) assert.ok((await service.takeSeat(s.player, s.role)).ok, s.role);
      assert.ok((await service.fillBots(host, 'collaborative')).ok);
      // Nothing is written while the quest is still in its lobby or running.
      assert.deepEqual(await react(created.questId), { outcome: 'not_finished' });
      assert.ok((await service.start(host)).ok);
      await playToTheEnd(service, clock, created.questId);
      await service.settled();

      await queue.idle();
      assert.deepEqual(outcomes, [{ outcome: 'debriefed', created: 2, skipped: 0 }], 'the quest_ended change started it once');
      for (const person of [ana, bo]) {
        const list = await coach.listDebriefs(person);
        assert.equal(list.length, 1, 'exactly one debrief');
        assert.equal(list[0]?.questId, created.questId);
        assert.equal(list[0]?.unread, true);
      }
      assert.equal((await coach.listDebriefs(ana))[0]?.roleName, SCENARIO.roles.get('pm')?.name);
      assert.equal((await coach.listDebriefs(bo))[0]?.roleName, SCENARIO.roles.get('eng')?.name);
      assert.deepEqual(await coach.listDebriefs(cy), [], 'a person not taking part gets none');
      assert.deepEqual(
        notices.map((n) => n.personId).sort(),
        [ana, bo].sort(),
        'each consenting person was told once, in the app',
      );

      // A retried reaction (a queue's second delivery, a restart) writes nothing new.
      assert.deepEqual(await react(created.questId), { outcome: 'debriefed', created: 0, skipped: 2 });
      for (const person of [ana, bo]) assert.equal((await coach.listDebriefs(person)).length, 1);
      assert.equal(notices.length, 2, 'nobody is told twice');

      // Cy starts taking part later: only the quests that end from then on are debriefed for them.
      notTakingPart.delete(cy);
      const again = await finishedQuestForCoaching(
        { store, scenarios: new Map([[SCENARIO.id, SCENARIO]]), isTakingPart },
        created.questId,
      );
      assert.ok(typeof again === 'object');
      assert.deepEqual(
        again.players.map((p) => p.role).sort(),
        ['cs', 'eng', 'pm'],
        'bots and anonymous players are never handed to the coach',
      );
      notTakingPart.add(cy);
      assert.deepEqual(warnings, []);
    } finally {
      stop();
      await service.close();
    }
  });

  test('a quest that does not exist, or whose scenario left the catalog, is reported and nothing is written', async () => {
    const react = questEndedDebriefs({ store, scenarios: new Map(), coach, isTakingPart });
    assert.deepEqual(await react(randomUUID()), { outcome: 'no_such_quest' });
    // The quest the first test finished: the only one whose log has an ending.
    const [ended] = await store.db
      .select({ id: questEvents.questId })
      .from(questEvents)
      .where(eq(questEvents.type, 'quest_ended'))
      .limit(1);
    assert.ok(ended);
    assert.deepEqual(await react(ended.id), { outcome: 'unknown_scenario' });
  });
});
