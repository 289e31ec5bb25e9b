// The server's participant source reads the quest's team and seated people from the store and keeps only people who
// take part in human seats; a quest is folded when its quest_ended event is committed, and a failed fold is logged.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { people, teams } from '../accounts/schema.ts';
import type { QuestChange } from '../quests/quest-service.ts';
import { organisations, players, quests } from '../store/schema.ts';
import { foldWhenQuestsEnd } from './insights-plugin.ts';
import { type InsightsTestDatabase, openInsightsDatabase } from './insights-test-database.ts';
import { storeParticipants } from './store-participants.ts';

let t: InsightsTestDatabase;
before(async () => {
  t = await openInsightsDatabase();
});
after(async () => {
  await t?.destroy();
});

test('participants are the consenting people in human seats of the quest, with its team', async () => {
  const orgId = randomUUID();
  const teamId = randomUUID();
  const questId = randomUUID();
  await t.db.insert(organisations).values({ id: orgId, slug: `org-${orgId}`, name: 'Org' });
  await t.db.insert(teams).values({ id: teamId, orgId, name: 'Team' });
  const [ana, bo, cy, dee] = ['Ana', 'Bo', 'Cy', 'Dee'].map(() => randomUUID()) as [string, string, string, string];
  await t.db.insert(people).values([ana, bo, cy, dee].map((id, i) => ({ id, name: `Person ${i}` })));
  await t.db.insert(quests).values({
    id: questId,
    orgId,
    teamId,
    scenarioId: 'ship-by-friday',
    scenarioHash: 'test',
    seed: 1,
    invite: randomUUID(),
    hostPlayerId: randomUUID(),
    status: 'finished',
    seats: [
      { role: 'pm', kind: 'human' },
      { role: 'eng', kind: 'human' },
      { role: 'cs', kind: 'bot', persona: 'quiet' },
    ],
  });
  const seat = (seatName: string | null, personId: string | null) => ({
    id: randomUUID(),
    questId,
    name: 'p',
    tokenHash: randomUUID(),
    seat: seatName,
    personId,
  });
  await t.db
    .insert(players)
    .values([seat('pm', ana), seat('eng', bo), seat('cs', cy), seat('spectator', dee), seat('design', null)]);
  const source = storeParticipants(t.db, async (personId) => personId !== bo);
  assert.deepEqual(await source.participantsOf(questId), { teamId, people: [{ role: 'pm', personId: ana }] });
  assert.equal(await source.participantsOf(randomUUID()), null);
});

test('a quest is folded when it ends, and only then; a failed fold is logged', async () => {
  let listener: ((c: QuestChange) => void) | null = null;
  const feed = {
    onChange: (l: (c: QuestChange) => void) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  const folded: string[] = [];
  const warned: unknown[] = [];
  const logger = { warn: (o: unknown) => warned.push(o) } as unknown as FastifyBaseLogger;
  const stop = foldWhenQuestsEnd(
    feed,
    {
      foldQuest: async (id) => {
        folded.push(id);
        if (id === 'broken') throw new Error('boom');
        return 'folded';
      },
    },
    logger,
  );
  const emit = (questId: string, type: string) =>
    (listener as unknown as (c: QuestChange) => void)({
      questId,
      version: 1,
      lobbyChanged: false,
      events: [{ seq: 1, event: { type, at: 0 } as unknown as QuestChange['events'][number]['event'] }],
    });
  emit('q1', 'scene_started');
  emit('q1', 'quest_ended');
  emit('broken', 'quest_ended');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(folded, ['q1', 'broken']);
  assert.equal(warned.length, 1);
  stop();
  assert.equal(listener, null);
});
