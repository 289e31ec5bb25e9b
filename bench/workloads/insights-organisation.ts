// A large organisation for the insights benchmark, made in bounded time. A few dozen quests are played through the
// real engine (scripted team sessions over every scenario) and measured by the real metric code; PostgreSQL then
// stamps out copies of them with generate_series and INSERT … SELECT (new quest ids, teams, people and times), and
// the roll-ups of the copies are built with set-based SQL plus the updater's own running-totals code. verifyRollups
// refolds a sample through RollupUpdater to show the bulk rows equal what the updater writes.
import { randomUUID } from 'node:crypto';
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { QuestEvent } from '../../engine/index.ts';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { type InsightsDatabase, rowsOf } from '../../server/insights/insights-database.ts';
import { differenceOf, unpackSums } from '../../server/insights/metric-sums.ts';
import { type MetricId, metricBit } from '../../server/insights/metrics/metric-catalogue.ts';
import { questInsights } from '../../server/insights/metrics/quest-insights.ts';
import type { OrgStructure } from '../../server/insights/report/org-window.ts';
import { RollupUpdater, rewriteRunningTotals } from '../../server/insights/rollup-updater.ts';
import { insightFolds, insightQuests, insightTeamMonths } from '../../server/insights/schema.ts';
import { xpForQuest } from '../../server/insights/xp/strengths-xp.ts';
import { playTeamSession } from './team-session.ts';

export const SHAPE = { groups: 20, teamsPerGroup: 10, peoplePerTeam: 8, months: 24, templatesPerScenario: 8 } as const;

/** A progress bar on one line when stdout is a terminal, a line per tenth otherwise. */
export function progress(label: string, total: number): (done: number) => void {
  const started = performance.now();
  let lastTenth = -1;
  return (done) => {
    const f = Math.min(1, done / total);
    const bar = '#'.repeat(Math.round(f * 30)).padEnd(30, '-');
    const count = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const text = `  ${label} [${bar}] ${(f * 100).toFixed(0).padStart(3)}%  ${count}  ${seconds} s`;
    if (process.stdout.isTTY) process.stdout.write(`\r${text}${f >= 1 ? '\n' : ''}`);
    else if (Math.floor(f * 10) > lastTenth) {
      lastTenth = Math.floor(f * 10);
      console.log(text);
    }
  };
}

interface Template {
  scenarioId: string;
  events: QuestEvent[];
  /** When the quest ended, counted from its start. */
  endedAt: number;
  roles: string[];
  values: Partial<Record<MetricId, number>>;
  facts: unknown[];
  xp: number[];
  masks: bigint[];
  activeMs: number;
  turns: number;
}

function templates(): Template[] {
  const out: Template[] = [];
  for (const sc of loadCatalog().values()) {
    const roles = sc.def.roles.map((r) => r.id);
    for (let seed = 1; seed <= SHAPE.templatesPerScenario; seed++) {
      const events = playTeamSession(sc, seed * 7919).events;
      const insight = questInsights(
        events.map((event, i) => ({ seq: i + 1, event })),
        { people: roles, challenges: sc.def.challenges },
      );
      const values: Partial<Record<MetricId, number>> = {};
      for (const [id, v] of Object.entries(insight.values) as [MetricId, number | null][]) if (v !== null) values[id] = v;
      const masks = roles.map((role) => {
        let m = 0n;
        for (const [id, who] of Object.entries(insight.subjects) as [MetricId, string[]][]) {
          if (who.includes(role)) m |= 1n << BigInt(metricBit(id));
        }
        return m;
      });
      out.push({
        scenarioId: sc.id,
        events,
        endedAt: insight.endedAt ?? events.at(-1)?.at ?? 0,
        roles,
        values,
        facts: roles.map((r) => insight.people.get(r)),
        xp: roles.map((r) => {
          const facts = insight.people.get(r);
          return facts ? xpForQuest(facts).total : 0;
        }),
        masks,
        activeMs: Math.round(insight.activeMs),
        turns: insight.turns,
      });
    }
  }
  return out;
}

export interface BenchOrganisation {
  orgId: string;
  structure: OrgStructure;
  quests: number;
  events: number;
  eventSeconds: number;
  rollupSeconds: number;
  templates: number;
}

const array = (items: readonly (string | number | bigint)[], type: string, quote = false): SQL =>
  sql.raw(`array[${items.map((x) => (quote ? `'${x}'` : String(x))).join(',')}]::${type}[]`);

/** Generates about `targetEvents` quest events in one organisation, then its roll-ups. */
export async function buildOrganisation(db: InsightsDatabase, targetEvents: number): Promise<BenchOrganisation> {
  const run = (q: SQL) => db.execute(q);
  const tpl = templates();
  const eventsPerQuest = tpl.reduce((a, t) => a + t.events.length, 0) / tpl.length;
  const questCount = Math.max(tpl.length, Math.round(targetEvents / eventsPerQuest));
  console.log(
    `  ${tpl.length} template quests played and measured (${eventsPerQuest.toFixed(0)} events each on average); ` +
      `${questCount.toLocaleString('en-US')} quests to generate`,
  );

  const orgId = randomUUID();
  await run(sql`insert into organisations (id, slug, name) values (${orgId}, 'bench', 'Bench organisation')`);
  const groups = Array.from({ length: SHAPE.groups }, (_, g) => ({
    id: randomUUID(),
    name: `Group ${g + 1}`,
    teamIds: Array.from({ length: SHAPE.teamsPerGroup }, () => randomUUID()),
  }));
  const teamIds = groups.flatMap((g) => g.teamIds);
  const teams = teamIds.length;
  const structure: OrgStructure = {
    orgId,
    name: 'Bench organisation',
    groups,
    teams: teamIds.map((id, i) => ({ id, name: `Team ${i + 1}` })),
  };

  await run(sql`create unlogged table bench_templates (template int primary key, scenario_id text, roles text[],
    events int, ended_at bigint, active_ms bigint, turns int, vals jsonb, facts jsonb, xp int[], masks bigint[])`);
  // Times inside payloads (deadlines, check-in ends) move with the quest, or its deadlines would fall years away.
  await run(sql`create unlogged table bench_template_events (template int, seq int, type text, by_role text, at bigint,
    ends_at bigint, phase_ends_at bigint, until_at bigint, payload jsonb)`);
  for (const [i, t] of tpl.entries()) {
    await run(sql`insert into bench_templates values (${i}, ${t.scenarioId}, ${array(t.roles, 'text', true)},
      ${t.events.length}, ${t.endedAt}, ${t.activeMs}, ${t.turns}, ${JSON.stringify(t.values)}::jsonb,
      ${JSON.stringify(t.facts)}::jsonb, ${array(t.xp, 'int')}, ${array(t.masks, 'bigint')})`);
    const time = (e: QuestEvent, k: string) => ((e as unknown as Record<string, unknown>)[k] as number | undefined) ?? null;
    const rows = t.events.map(
      (e, k) =>
        sql`(${i}, ${k + 1}, ${e.type}, ${'by' in e ? e.by : null}, ${e.at}, ${time(e, 'endsAt')},
          ${time(e, 'phaseEndsAt')}, ${time(e, 'until')}, ${JSON.stringify(e)}::jsonb)`,
    );
    await run(sql`insert into bench_template_events values ${sql.join(rows, sql`, `)}`);
  }
  // People: each team has its own eight; a quest seats consecutive members from a rotating offset.
  await run(sql`create unlogged table bench_people (team int, k int, person_id uuid, primary key (team, k))`);
  await run(sql`insert into bench_people select t, k, gen_random_uuid()
    from generate_series(0, ${teams - 1}) t, generate_series(0, ${SHAPE.peoplePerTeam - 1}) k`);
  // Quests: round-robin over teams; each team's quests walk through two years of months.
  await run(sql`create unlogged table bench_quests (n int primary key, quest_id uuid, template int, team int,
    team_id uuid, started bigint)`);
  await run(sql`insert into bench_quests
    select g, gen_random_uuid(), g % ${tpl.length}, g % ${teams}, (${array(teamIds, 'uuid', true)})[g % ${teams} + 1],
           (extract(epoch from date '2024-01-01'
              + make_interval(months => (g / ${teams}) % ${SHAPE.months}, days => (g * 13) % 28)) * 1000)::bigint
             + (g % 97) * 60000
    from generate_series(0, ${questCount - 1}) g`);
  await run(sql`insert into quests (id, org_id, scenario_id, scenario_hash, seed, invite, host_player_id, status, version)
    select q.quest_id, ${orgId}, t.scenario_id, 'bench', q.n, q.quest_id::text, q.quest_id, 'finished', t.events
    from bench_quests q join bench_templates t on t.template = q.template`);

  // Events: copies of the template logs moved to each quest's time, in chunks. The key and the foreign key are
  // dropped for the load and put back after it: checking them row by row would triple the time.
  await run(sql`alter table quest_events drop constraint quest_events_quest_id_quests_id_fk`);
  await run(sql`alter table quest_events drop constraint quest_events_quest_id_seq_pk`);
  const [total] = await rowsOf<{ n: string }>(
    db,
    sql`select sum(t.events)::bigint as n from bench_quests q join bench_templates t using (template)`,
  );
  const tick = progress('events', Number(total?.n ?? 0));
  const chunk = 2000;
  let written = 0;
  const eventsStarted = performance.now();
  for (let from = 0; from < questCount; from += chunk) {
    const [r] = await rowsOf<{ n: string }>(
      db,
      sql`with ins as (
        insert into quest_events (quest_id, seq, type, actor, seat, at, schema_version, payload)
        select q.quest_id, e.seq, e.type, coalesce('player-' || e.by_role, 'system'), e.by_role, e.at + q.started, 1,
               e.payload || jsonb_strip_nulls(jsonb_build_object('at', e.at + q.started, 'endsAt', e.ends_at + q.started,
                 'phaseEndsAt', e.phase_ends_at + q.started, 'until', e.until_at + q.started))
        from bench_quests q join bench_template_events e on e.template = q.template
        where q.n >= ${from} and q.n < ${from + chunk}
        returning 1)
      select count(*)::bigint as n from ins`,
    );
    written += Number(r?.n ?? 0);
    tick(written);
  }
  await run(sql`alter table quest_events add constraint quest_events_quest_id_seq_pk primary key (quest_id, seq)`);
  await run(sql`alter table quest_events add constraint quest_events_quest_id_quests_id_fk foreign key (quest_id)
    references quests (id) on delete cascade`);
  const eventSeconds = (performance.now() - eventsStarted) / 1000;

  // Roll-ups of the copies, set-based: the rows the updater would write for each quest.
  const rollStarted = performance.now();
  const ended = sql`to_timestamp((q.started + t.ended_at) / 1000.0)`;
  await run(sql`insert into insight_quests (quest_id, org_id, team_id, month, ended_at, people, events, active_ms, values)
    select q.quest_id, ${orgId}, q.team_id, date_trunc('month', ${ended} at time zone 'UTC')::date, ${ended},
           cardinality(t.roles), t.events, t.active_ms, t.vals
    from bench_quests q join bench_templates t using (template)`);
  await run(sql`insert into insight_person_quests
      (quest_id, person_id, org_id, team_id, month, ended_at, role, people, quest_turns, facts, xp, mask)
    select q.quest_id, p.person_id, ${orgId}, q.team_id, iq.month, iq.ended_at, t.roles[r], cardinality(t.roles),
           t.turns, t.facts -> (r - 1), t.xp[r], t.masks[r]
    from bench_quests q join bench_templates t using (template) join insight_quests iq on iq.quest_id = q.quest_id
    cross join lateral generate_series(1, cardinality(t.roles)) r
    join bench_people p on p.team = q.team and p.k = (q.n / ${teams} + r) % ${SHAPE.peoplePerTeam}`);
  await run(sql`insert into insight_team_months
      (org_id, team_id, month, quests, events, active_ms, sums, running_quests, running)
    select b.org_id, b.team_id, b.month, b.quests, b.events, b.active_ms, coalesce(m.sums, '{}'::jsonb), 0, ''::bytea
    from (select org_id, team_id, month, count(*)::int quests, sum(events)::bigint events,
                 sum(active_ms)::bigint active_ms
          from insight_quests where org_id = ${orgId} group by 1, 2, 3) b
    left join (select team_id, month, jsonb_object_agg(metric, jsonb_build_array(n, s, ss)) sums
               from (select team_id, month, kv.key metric, count(*) n, sum(kv.value::float8) s,
                            sum(kv.value::float8 ^ 2) ss
                     from insight_quests, jsonb_each_text(values) kv where org_id = ${orgId} group by 1, 2, 3) x
               group by 1, 2) m on m.team_id is not distinct from b.team_id and m.month = b.month`);
  // Running totals through the updater's own code, team by team, four at a time.
  const firsts = await rowsOf<{ team_id: string; month: string }>(
    db,
    sql`select team_id, min(month)::text as month from insight_team_months where org_id = ${orgId} group by team_id`,
  );
  for (let i = 0; i < firsts.length; i += 4) {
    await Promise.all(
      firsts
        .slice(i, i + 4)
        .map((f) =>
          db.transaction((tx) =>
            rewriteRunningTotals(tx as unknown as InsightsDatabase, { orgId, teamId: f.team_id, month: f.month }),
          ),
        ),
    );
  }
  await run(sql`insert into insight_team_people (org_id, team_id, month, person_id, mask, quests)
    select org_id, team_id, month, person_id, bit_or(mask), count(*)::int from insight_person_quests
    where org_id = ${orgId} group by 1, 2, 3, 4`);
  await run(sql`insert into insight_folds (quest_id, folded_seq, folded_at)
    select id, version, now() from quests where org_id = ${orgId}`);
  await run(sql`vacuum analyze`);
  return {
    orgId,
    structure,
    quests: questCount,
    events: written,
    eventSeconds,
    rollupSeconds: (performance.now() - rollStarted) / 1000,
    templates: tpl.length,
  };
}

/** Refolds a sample of quests through RollupUpdater and compares the rows with the bulk build. */
export async function verifyRollups(db: InsightsDatabase, org: BenchOrganisation, sampleSize = 200) {
  const sample = await rowsOf<{ quest_id: string; team_id: string; role: string; person_id: string }>(
    db,
    sql`select pq.quest_id, pq.team_id, pq.role, pq.person_id from insight_person_quests pq
        where pq.quest_id in (select quest_id from bench_quests
                              where n % ${Math.max(1, Math.floor(org.quests / sampleSize))} = 0 limit ${sampleSize})`,
  );
  const people = new Map<string, { teamId: string; people: { role: string; personId: string }[] }>();
  for (const r of sample) {
    const p = people.get(r.quest_id) ?? { teamId: r.team_id, people: [] };
    p.people.push({ role: r.role, personId: r.person_id });
    people.set(r.quest_id, p);
  }
  const ids = [...people.keys()];
  const challenges = new Map([...loadCatalog().values()].map((sc) => [sc.id, sc.def.challenges]));
  const bulkQuests = await db.select().from(insightQuests).where(inArray(insightQuests.questId, ids));
  const bulkBuckets = await db.select().from(insightTeamMonths).where(eq(insightTeamMonths.orgId, org.orgId));
  await db.update(insightFolds).set({ foldedSeq: 0 }).where(inArray(insightFolds.questId, ids));
  const updater = new RollupUpdater(db, {
    participants: { participantsOf: async (id) => people.get(id) ?? null },
    scenarios: (id) => challenges.get(id) ?? null,
  });
  const started = performance.now();
  for (const id of ids) await updater.foldQuest(id);
  const seconds = (performance.now() - started) / 1000;

  const refolded = new Map(
    (await db.select().from(insightQuests).where(inArray(insightQuests.questId, ids))).map((q) => [q.questId, q]),
  );
  const sameQuests = bulkQuests.filter((q) => {
    const r = refolded.get(q.questId);
    return (
      r?.month === q.month && r.endedAt.getTime() === q.endedAt.getTime() && JSON.stringify(r.values) === JSON.stringify(q.values)
    );
  }).length;
  const key = (r: { teamId: string | null; month: string }) => `${r.teamId}|${r.month}`;
  const rebuilt = new Map(
    (await db.select().from(insightTeamMonths).where(eq(insightTeamMonths.orgId, org.orgId))).map((r) => [key(r), r]),
  );
  // Sums are compared to 9 significant digits: SQL and the updater add the same numbers in different orders.
  const rounded = (x: object) =>
    JSON.stringify(
      Object.entries(x)
        .sort()
        .map(([k, v]) => [k, (v as number[]).map((n) => Number(n.toPrecision(9)))]),
    );
  const sameBuckets = bulkBuckets.filter((b) => {
    const r = rebuilt.get(key(b));
    return (
      r?.quests === b.quests &&
      r.events === b.events &&
      r.runningQuests === b.runningQuests &&
      rounded(r.sums) === rounded(b.sums) &&
      rounded(differenceOf(unpackSums(r.running), null)) === rounded(differenceOf(unpackSums(b.running), null))
    );
  }).length;
  return {
    quests: ids.length,
    events: bulkQuests.reduce((a, q) => a + q.events, 0),
    seconds,
    sameQuests,
    sameBuckets,
    buckets: bulkBuckets.length,
  };
}
