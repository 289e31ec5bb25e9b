// The roll-ups on a real PostgreSQL: folding is idempotent by (quest, seq), a grown log replaces rather than adds,
// concurrent folds of one bucket lose nothing, the dashboard query matches a scan of the per-quest rows, and a
// person's withdrawal removes their rows.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { type QuestEvent, simulate } from '../../engine/index.ts';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { organisations, questEvents, quests } from '../store/schema.ts';
import { readOrgWindow, readOwnQuests, readTeamQuests } from './dashboard-query.ts';
import { InsightsService } from './insights-service.ts';
import { type InsightsTestDatabase, openInsightsDatabase } from './insights-test-database.ts';
import { differenceOf, unpackSums } from './metric-sums.ts';
import { METRIC_IDS } from './metrics/metric-catalogue.ts';
import { questInsights } from './metrics/quest-insights.ts';
import { privacyConfig } from './privacy/privacy-config.ts';
import type { QuestParticipants } from './quest-participants.ts';
import { RollupUpdater } from './rollup-updater.ts';
import { insightFolds, insightPersonQuests, insightQuests, insightTeamMonths, insightTeamPeople } from './schema.ts';

const catalog = loadCatalog();
const SCENARIO = 'ship-by-friday';
const sc = catalog.get(SCENARIO);
if (!sc) throw new Error(`the ${SCENARIO} scenario is missing`);
const ROLES = sc.def.roles.map((r) => r.id);
const challenges = sc.def.challenges;
// Quests "happen" in March 2025: the simulator's clock starts at 0, so events are moved there.
const MARCH = Date.UTC(2025, 2, 10);

let t: InsightsTestDatabase;
let orgId: string;
const places = new Map<string, QuestParticipants>();
const participants = { participantsOf: async (questId: string) => places.get(questId) ?? null };
const scenarios = (id: string) => (id === SCENARIO ? challenges : null);

function questEventsOf(seed: number, shift = MARCH): QuestEvent[] {
  const sim = simulate({
    scenario: sc as NonNullable<typeof sc>,
    seed,
    personas: ['collaborative', 'positional', 'quiet', 'collaborative'],
  });
  return sim.events.map((e) => ({ ...e, at: e.at + shift }) as QuestEvent);
}

async function newQuest(events: QuestEvent[], opts: { teamId?: string | null; people?: string[]; upTo?: number } = {}) {
  const id = randomUUID();
  const upTo = opts.upTo ?? events.length;
  await t.db.insert(quests).values({
    id,
    orgId,
    scenarioId: SCENARIO,
    scenarioHash: 'test',
    seed: 1,
    invite: randomUUID(),
    hostPlayerId: randomUUID(),
    status: upTo === events.length ? 'finished' : 'running',
    version: upTo,
  });
  await appendEvents(id, events, 0, upTo);
  const people = opts.people ?? ROLES.map(() => randomUUID());
  places.set(id, { teamId: opts.teamId ?? null, people: ROLES.map((role, i) => ({ role, personId: people[i] as string })) });
  return { id, people };
}

/** A person's move carries their player id; everything else comes from the server. */
function actorOf(event: QuestEvent): string {
  return 'by' in event ? `player-${event.by}` : 'system';
}

async function appendEvents(questId: string, events: QuestEvent[], from: number, to: number, status?: 'finished') {
  const rows = events.slice(from, to).map((event, i) => ({
    questId,
    seq: from + i + 1,
    type: event.type,
    actor: actorOf(event),
    seat: null,
    at: event.at,
    schemaVersion: 1,
    payload: event,
  }));
  if (rows.length > 0) await t.db.insert(questEvents).values(rows);
  await t.db
    .update(quests)
    .set({ version: to, ...(status ? { status } : {}) })
    .where(eq(quests.id, questId));
}

async function bucket(teamId: string | null, month = '2025-03-01') {
  const [row] = await t.db
    .select()
    .from(insightTeamMonths)
    .where(
      and(
        eq(insightTeamMonths.orgId, orgId),
        teamId === null ? sql`${insightTeamMonths.teamId} is null` : eq(insightTeamMonths.teamId, teamId),
        eq(insightTeamMonths.month, month),
      ),
    );
  return row;
}

before(async () => {
  t = await openInsightsDatabase();
  orgId = randomUUID();
  await t.db.insert(organisations).values({ id: orgId, slug: `org-${orgId.slice(0, 8)}`, name: 'Acme' });
});

after(async () => {
  await t?.destroy();
});

describe('folding quests into roll-ups', () => {
  test('a quest is folded once it has ended, and folding again changes nothing', async () => {
    const events = questEventsOf(1);
    const teamId = randomUUID();
    const q = await newQuest(events, { teamId, upTo: events.length - 3 });
    const updater = new RollupUpdater(t.db, { participants, scenarios });
    assert.equal(await updater.foldQuest(q.id), 'not_finished');
    await appendEvents(q.id, events, events.length - 3, events.length, 'finished');
    assert.equal(await updater.foldQuest(q.id), 'folded');
    assert.equal(await updater.foldQuest(q.id), 'unchanged');
    assert.equal(await updater.foldQuest(randomUUID()), 'no_such_quest');

    const [row] = await t.db.select().from(insightQuests).where(eq(insightQuests.questId, q.id));
    const expected = questInsights(
      events.map((event, i) => ({ seq: i + 1, event, actor: actorOf(event) })),
      { people: ROLES, challenges },
    );
    for (const id of METRIC_IDS) assert.equal(row?.values[id] ?? null, expected.values[id], id);
    assert.equal(row?.month, '2025-03-01');
    const people = await t.db.select().from(insightPersonQuests).where(eq(insightPersonQuests.questId, q.id));
    assert.equal(people.length, ROLES.length);
    const b = await bucket(teamId);
    assert.equal(b?.quests, 1);
    assert.equal(b?.sums.turn_gini?.[1], expected.values.turn_gini);
    const [fold] = await t.db.select().from(insightFolds).where(eq(insightFolds.questId, q.id));
    assert.equal(fold?.foldedSeq, events.length);
  });

  test('a log that grew is folded again, replacing its rows rather than adding to them', async () => {
    const events = questEventsOf(2);
    const teamId = randomUUID();
    const q = await newQuest(events, { teamId });
    const updater = new RollupUpdater(t.db, { participants, scenarios });
    assert.equal(await updater.foldQuest(q.id), 'folded');
    const late: QuestEvent = {
      type: 'message_sent',
      at: MARCH + 10_000_000,
      by: 'pm',
      kind: 'question',
      text: 'one more thing?',
      via: 'text',
    };
    await appendEvents(q.id, [...events, late], events.length, events.length + 1);
    // The quest is now held by another team: its old bucket empties, the new one holds it once.
    const moved = randomUUID();
    places.set(q.id, { ...(places.get(q.id) as QuestParticipants), teamId: moved });
    assert.equal(await updater.foldQuest(q.id), 'folded');
    assert.equal(await bucket(teamId), undefined);
    assert.equal((await bucket(moved))?.quests, 1);
    const people = await t.db.select().from(insightTeamPeople).where(eq(insightTeamPeople.teamId, moved));
    assert.equal(people.length, ROLES.length);
    assert.equal((await t.db.select().from(insightTeamPeople).where(eq(insightTeamPeople.teamId, teamId))).length, 0);
  });

  test('a quest nobody can be counted in is folded empty, once', async () => {
    const events = questEventsOf(4);
    const q = await newQuest(events, { teamId: randomUUID() });
    places.delete(q.id);
    const updater = new RollupUpdater(t.db, { participants, scenarios });
    assert.equal(await updater.foldQuest(q.id), 'folded');
    assert.equal(await updater.foldQuest(q.id), 'unchanged');
    assert.deepEqual(await t.db.select().from(insightQuests).where(eq(insightQuests.questId, q.id)), []);
  });

  test('people who do not take part are left out of every row', async () => {
    const events = questEventsOf(3);
    const teamId = randomUUID();
    const q = await newQuest(events, { teamId });
    const place = places.get(q.id) as QuestParticipants;
    places.set(q.id, { ...place, people: place.people.slice(1) });
    await new RollupUpdater(t.db, { participants, scenarios }).foldQuest(q.id);
    const rows = await t.db.select().from(insightPersonQuests).where(eq(insightPersonQuests.questId, q.id));
    assert.deepEqual(rows.map((r) => r.role).sort(), ROLES.slice(1).sort());
    const [row] = await t.db.select().from(insightQuests).where(eq(insightQuests.questId, q.id));
    const expected = questInsights(
      events.map((event, i) => ({ seq: i + 1, event })),
      { people: ROLES.slice(1), challenges },
    );
    assert.equal(row?.values.turn_gini ?? null, expected.values.turn_gini);
    assert.equal(row?.people, ROLES.length - 1);
  });

  test('concurrent folds of quests in one bucket lose nothing', async () => {
    const teamId = randomUUID();
    const crew = ROLES.map(() => randomUUID());
    const created = [];
    for (let i = 0; i < 8; i++)
      created.push(await newQuest(questEventsOf(10 + i, MARCH + i * 3_600_000), { teamId, people: crew }));
    const a = new RollupUpdater(t.db, { participants, scenarios });
    const b = new RollupUpdater(t.db, { participants, scenarios });
    const outcomes = await Promise.all(created.flatMap((q, i) => [a.foldQuest(q.id), (i % 2 ? a : b).foldQuest(q.id)]));
    assert.equal(outcomes.filter((o) => o === 'folded').length, 8);
    assert.equal((await bucket(teamId))?.quests, 8);
    const people = await t.db.select().from(insightTeamPeople).where(eq(insightTeamPeople.teamId, teamId));
    assert.deepEqual(
      people.map((p) => p.quests),
      crew.map(() => 8),
    );
  });

  test('foldPending folds finished quests that have not been folded yet', async () => {
    const events = questEventsOf(30);
    const q = await newQuest(events, { teamId: randomUUID() });
    const updater = new RollupUpdater(t.db, { participants, scenarios });
    const first = await updater.foldPending(1000);
    assert.ok(first.folded >= 1);
    const [fold] = await t.db.select().from(insightFolds).where(eq(insightFolds.questId, q.id));
    assert.equal(fold?.foldedSeq, events.length);
    assert.deepEqual(await updater.foldPending(1000), { folded: 0, looked: 0 });
  });
});

describe('reading the roll-ups', () => {
  test('the dashboard query agrees with a scan of the per-quest rows', async () => {
    const structure = { orgId, name: 'Acme', groups: [], teams: [] };
    const window = await readOrgWindow(t.db, structure, ['2025-03']);
    const org = window.units.find((u) => u.id === orgId);
    const [scan] = await t.db
      .execute(sql`
      select count(*)::int as quests, count(${insightQuests.values}->'turn_gini')::int as n,
             coalesce(sum((${insightQuests.values}->>'turn_gini')::float8), 0) as sum
      from ${insightQuests} where ${insightQuests.orgId} = ${orgId} and ${insightQuests.month} = '2025-03-01'`)
      .then((r) => (r as unknown as { rows: { quests: number; n: number; sum: number }[] }).rows);
    assert.equal(org?.quests, scan?.quests);
    assert.equal(org?.metrics.turn_gini?.quests, scan?.n);
    assert.ok(Math.abs((org?.metrics.turn_gini?.sum ?? 0) - Number(scan?.sum)) < 1e-9);
    const distinct = await t.db.execute(
      sql`select count(distinct person_id)::int as n from ${insightPersonQuests} where org_id = ${orgId}`,
    );
    assert.equal(org?.peopleAny, (distinct as unknown as { rows: { n: number }[] }).rows[0]?.n);
    // teams that are not listed any more still count, as units of their own
    assert.ok(window.units.filter((u) => u.level === 'team').length >= 5);
  });

  test('a window is the difference of running totals, and stays right when an earlier month changes', async () => {
    const teamId = randomUUID();
    const may = Date.UTC(2025, 4, 12);
    const march = await newQuest(questEventsOf(50), { teamId });
    const mayQuest = await newQuest(questEventsOf(51, may), { teamId });
    const updater = new RollupUpdater(t.db, { participants, scenarios });
    await updater.foldQuest(mayQuest.id);
    await updater.foldQuest(march.id);
    const structure = { orgId, name: 'Acme', groups: [], teams: [{ id: teamId, name: 'T' }] };
    const quests = async (months: string[]) =>
      (await readOrgWindow(t.db, structure, months)).units.find((u) => u.id === teamId)?.quests ?? 0;
    assert.equal(await quests(['2025-05']), 1);
    assert.equal(await quests(['2025-03', '2025-04', '2025-05']), 2);
    assert.equal(await quests(['2025-04']), 0);
    const [b] = await t.db
      .select()
      .from(insightTeamMonths)
      .where(and(eq(insightTeamMonths.teamId, teamId), eq(insightTeamMonths.month, '2025-05-01')));
    assert.equal(b?.runningQuests, 2);
    // March's quest moves to another team: May's running totals no longer count it.
    places.set(march.id, { ...(places.get(march.id) as QuestParticipants), teamId: randomUUID() });
    // (Forgetting the fold stands in for a grown log: the quest is folded again from scratch.)
    await t.db.update(insightFolds).set({ foldedSeq: 0 }).where(eq(insightFolds.questId, march.id));
    assert.equal(await updater.foldQuest(march.id), 'folded');
    assert.equal(await quests(['2025-03', '2025-04', '2025-05']), 1);
    const [after] = await t.db
      .select()
      .from(insightTeamMonths)
      .where(and(eq(insightTeamMonths.teamId, teamId), eq(insightTeamMonths.month, '2025-05-01')));
    const running = after ? differenceOf(unpackSums(after.running), null) : {};
    assert.deepEqual([after?.runningQuests, running.turn_gini], [1, after?.sums.turn_gini]);
  });

  test('a window read once is kept until a fold changes the organisation’s roll-ups', async () => {
    const teamId = randomUUID();
    const directory = {
      organisation: async () => ({ id: orgId, name: 'Acme' }),
      teams: async () => [{ id: teamId, name: 'Cached' }],
      groups: async () => [],
      teamOrg: async () => orgId,
      isTeamMember: async () => true,
      personName: async () => null,
    };
    const service = new InsightsService(t.db, privacyConfig({ noiseSecret: 'rollups-test-noise-secret' }), directory);
    const structure = { orgId, name: 'Acme', groups: [], teams: [{ id: teamId, name: 'Cached' }] };
    const first = await service.orgWindow(structure, ['2025-03']);
    assert.equal(await service.orgWindow(structure, ['2025-03']), first);
    const updater = new RollupUpdater(t.db, { participants, scenarios });
    await updater.foldQuest((await newQuest(questEventsOf(60), { teamId })).id);
    const second = await service.orgWindow(structure, ['2025-03']);
    assert.notEqual(second, first);
    assert.equal(second.units.find((u) => u.id === teamId)?.quests, 1);
    // A renamed team is a different structure: read again, not served stale.
    const renamed = { ...structure, teams: [{ id: teamId, name: 'Renamed' }] };
    assert.equal((await service.orgWindow(renamed, ['2025-03'])).units.find((u) => u.id === teamId)?.name, 'Renamed');
  });

  test('a person’s own quests, and their withdrawal', async () => {
    const events = questEventsOf(40);
    const teamId = randomUUID();
    const q = await newQuest(events, { teamId });
    const updater = new RollupUpdater(t.db, { participants, scenarios });
    await updater.foldQuest(q.id);
    const me = q.people[0] as string;
    const own = await readOwnQuests(t.db, me);
    assert.equal(own.length, 1);
    assert.equal((await readTeamQuests(t.db, orgId, teamId, ['2025-03']))[0]?.people.size, ROLES.length);

    const directory = {
      organisation: async () => ({ id: orgId, name: 'Acme' }),
      teams: async () => [{ id: teamId, name: 'Team' }],
      groups: async () => [],
      teamOrg: async () => orgId,
      isTeamMember: async () => true,
      personName: async () => 'Sam',
    };
    const service = new InsightsService(t.db, privacyConfig({ noiseSecret: 'rollups-test-noise-secret' }), directory, () =>
      Date.UTC(2025, 4, 2),
    );
    await service.setSharing(me, teamId, true);
    const data = service.personalData();
    const exported = (await data.export(me)) as { quests: unknown[]; sharedWith: unknown[] };
    assert.equal(exported.quests.length, 1);
    assert.equal(exported.sharedWith.length, 1);
    await data.erase(me);
    await data.erase(me);
    assert.equal((await readOwnQuests(t.db, me)).length, 0);
    assert.equal((await t.db.select().from(insightTeamPeople).where(eq(insightTeamPeople.personId, me))).length, 0);
    assert.deepEqual(await service.sharingOf(me), []);
    // the team's figures stay; the person no longer counts among its people
    assert.equal((await bucket(teamId))?.quests, 1);
    const report = await service.leadReport(teamId);
    assert.equal(report.groupSize.kind, 'withheld');
  });
});
