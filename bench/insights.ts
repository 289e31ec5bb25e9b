// Insights dashboard over a large organisation: generates ~10 million quest events on PostgreSQL (one organisation,
// 20 groups of 10 teams, 8 people per team, two years of quests), builds the roll-ups, then times the organisation
// dashboard as its route answers it (roll-up query + privacy + report) beside a naive scan of the raw events for the
// same window, both in this run. Goal: dashboard p95 under 100 ms. Prints, asserts nothing.
// Run alone: node --import tsx bench/insights.ts   (BENCH_INSIGHTS_EVENTS=1000000 for a quicker, smaller run)
//
// How the data is made, in bounded time: a few dozen quests are played through the real engine (scripted team
// sessions over every scenario) and folded by the real metric code; PostgreSQL then stamps out copies of them with
// generate_series and multi-row INSERT … SELECT (new quest ids, teams, people and times), and the roll-ups of the
// copies are built with set-based SQL. To show those bulk roll-ups equal what the updater writes, a sample of quests
// is folded again by RollupUpdater and a sample of buckets is recomputed by recomputeBucket and compared.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import type { QuestEvent } from '../engine/index.ts';
import { loadCatalog } from '../scenarios/catalog.ts';
import { readOrgWindow } from '../server/insights/dashboard-query.ts';
import { type InsightsDatabase, rowsOf } from '../server/insights/insights-database.ts';
import { addInsightsTables } from '../server/insights/insights-test-database.ts';
import { metricBit, type MetricId } from '../server/insights/metrics/metric-catalogue.ts';
import { questInsights } from '../server/insights/metrics/quest-insights.ts';
import { privacyConfig } from '../server/insights/privacy/privacy-config.ts';
import { orgDashboard } from '../server/insights/report/org-dashboard.ts';
import type { OrgStructure } from '../server/insights/report/org-window.ts';
import { recomputeBucket, RollupUpdater } from '../server/insights/rollup-updater.ts';
import { insightFolds, insightQuests, insightTeamMonths } from '../server/insights/schema.ts';
import { xpForQuest } from '../server/insights/xp/strengths-xp.ts';
import { openStore } from '../server/store/open-store.ts';
import { playTeamSession } from './workloads/team-session.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const TARGET_EVENTS = Number(process.env.BENCH_INSIGHTS_EVENTS ?? 10_000_000);
const GROUPS = 20;
const TEAMS_PER_GROUP = 10;
const PEOPLE_PER_TEAM = 8;
const MONTHS = 24;
const TEMPLATES_PER_SCENARIO = 8;
const DASHBOARD_RUNS = 60;
const NAIVE_RUNS = 3;
const GOAL_MS = 100;

export interface InsightsBenchResult {
  events: number;
  quests: number;
  dashboardP50: number;
  dashboardP95: number;
  naiveP50: number;
  naiveP95: number;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
}

/** A progress bar on one line when stdout is a terminal, a line per tenth otherwise. */
function progress(label: string, total: number) {
  const started = performance.now();
  let lastTenth = -1;
  return (done: number) => {
    const f = Math.min(1, done / total);
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const text = `  ${label} [${'#'.repeat(Math.round(f * 30)).padEnd(30, '-')}] ${(f * 100).toFixed(0).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}  ${seconds} s`;
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
  /** When the quest ended, from its start. */
  endedAt: number;
  roles: string[];
  values: Partial<Record<MetricId, number>>;
  facts: Record<string, unknown>[];
  xp: number[];
  masks: bigint[];
  activeMs: number;
  turns: number;
}

function templates(): Template[] {
  const out: Template[] = [];
  for (const sc of loadCatalog().values()) {
    const roles = sc.def.roles.map((r) => r.id);
    for (let seed = 1; seed <= TEMPLATES_PER_SCENARIO; seed++) {
      const session = playTeamSession(sc, seed * 7919);
      const events = session.events;
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
      const facts = roles.map((r) => insight.people.get(r) as unknown as Record<string, unknown>);
      out.push({
        scenarioId: sc.id,
        events,
        endedAt: insight.endedAt ?? events.at(-1)?.at ?? 0,
        roles,
        values,
        facts,
        xp: roles.map((r) => xpForQuest(insight.people.get(r) as never).total),
        masks,
        activeMs: Math.round(insight.activeMs),
        turns: insight.turns,
      });
    }
  }
  return out;
}

async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `polarity_bench_insights_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function runInsightsBench(): Promise<InsightsBenchResult | null> {
  console.log('insights: organisation dashboard over roll-ups vs a naive scan of raw events, same data, same run');
  let database: Awaited<ReturnType<typeof createDatabase>>;
  try {
    database = await createDatabase();
  } catch (e) {
    console.log(`  PostgreSQL at ${ADMIN_URL} skipped: ${(e as Error).message}`);
    return null;
  }
  const opened = await openStore({ databaseUrl: database.url, poolSize: 4 });
  try {
    await addInsightsTables(opened);
    const db = opened.store.db as unknown as InsightsDatabase;
    const run = (q: ReturnType<typeof sql>) => db.execute(q);

    // --- templates: real quests through the real engine and the real metrics
    const tpl = templates();
    const eventsPerQuest = tpl.reduce((a, t) => a + t.events.length, 0) / tpl.length;
    const questCount = Math.max(tpl.length, Math.round(TARGET_EVENTS / eventsPerQuest));
    console.log(`  ${tpl.length} template quests played and folded (${eventsPerQuest.toFixed(0)} events each on average); ${questCount.toLocaleString('en-US')} quests to generate`);

    const orgId = randomUUID();
    await run(sql`insert into organisations (id, slug, name) values (${orgId}, 'bench', 'Bench organisation')`);
    const groups = Array.from({ length: GROUPS }, (_, g) => ({
      id: randomUUID(),
      name: `Group ${g + 1}`,
      teamIds: Array.from({ length: TEAMS_PER_GROUP }, () => randomUUID()),
    }));
    const teamIds = groups.flatMap((g) => g.teamIds);
    const structure: OrgStructure = {
      orgId,
      name: 'Bench organisation',
      groups,
      teams: teamIds.map((id, i) => ({ id, name: `Team ${i + 1}` })),
    };
    const firstMonth = Date.UTC(2024, 0, 1);

    await run(sql`create unlogged table bench_templates (template int primary key, scenario_id text, roles text[], events int,
      ended_at bigint, active_ms bigint, turns int, vals jsonb, facts jsonb, xp int[], masks bigint[])`);
    // Times inside payloads (deadlines, check-in ends) move with the quest, or deadlines would fall years away.
    await run(sql`create unlogged table bench_template_events (template int, seq int, type text, by_role text, at bigint,
      ends_at bigint, phase_ends_at bigint, until_at bigint, payload jsonb)`);
    for (const [i, t] of tpl.entries()) {
      await run(sql`insert into bench_templates values (${i}, ${t.scenarioId}, ${sql.raw(`array[${t.roles.map((r) => `'${r}'`).join(',')}]`)},
        ${t.events.length}, ${t.endedAt}, ${t.activeMs}, ${t.turns}, ${JSON.stringify(t.values)}::jsonb, ${JSON.stringify(t.facts)}::jsonb,
        ${sql.raw(`array[${t.xp.join(',')}]::int[]`)}, ${sql.raw(`array[${t.masks.join(',')}]::bigint[]`)})`);
      const time = (e: QuestEvent, k: string) => ((e as unknown as Record<string, unknown>)[k] as number | undefined) ?? null;
      const rows = t.events.map(
        (e, k) =>
          sql`(${i}, ${k + 1}, ${e.type}, ${'by' in e ? e.by : null}, ${e.at}, ${time(e, 'endsAt')}, ${time(e, 'phaseEndsAt')},
            ${time(e, 'until')}, ${JSON.stringify(e)}::jsonb)`,
      );
      await run(sql`insert into bench_template_events values ${sql.join(rows, sql`, `)}`);
    }
    // People: each team has its own eight; a quest seats consecutive members from a rotating offset.
    await run(sql`create unlogged table bench_people (team int, k int, person_id uuid, primary key (team, k))`);
    await run(sql`insert into bench_people select t, k, gen_random_uuid() from generate_series(0, ${teamIds.length - 1}) t,
      generate_series(0, ${PEOPLE_PER_TEAM - 1}) k`);
    // Quests: spread evenly over teams and over two years of months.
    await run(sql`create unlogged table bench_quests (n int primary key, quest_id uuid, template int, team int, team_id uuid, started bigint)`);
    await run(sql`insert into bench_quests
      select g, gen_random_uuid(), g % ${tpl.length}, g % ${teamIds.length},
             (${sql.raw(`array[${teamIds.map((id) => `'${id}'::uuid`).join(',')}]`)})[g % ${teamIds.length} + 1],
             ${firstMonth}::bigint + ((g::bigint * 7919) % ${MONTHS * 28}) * 86400000 + (g % 97) * 60000
      from generate_series(0, ${questCount - 1}) g`);
    await run(sql`insert into quests (id, org_id, scenario_id, scenario_hash, seed, invite, host_player_id, status, version)
      select q.quest_id, ${orgId}, t.scenario_id, 'bench', q.n, q.quest_id::text, q.quest_id, 'finished', t.events
      from bench_quests q join bench_templates t on t.template = q.template`);

    // --- events: copies of the template logs, moved to each quest's time, in chunks with a progress bar
    const totalEvents = Number(
      (await rowsOf<{ n: string }>(db, sql`select sum(t.events)::bigint as n from bench_quests q join bench_templates t using (template)`))[0]?.n ?? 0,
    );
    const tick = progress('events', totalEvents);
    const chunk = 2000;
    let written = 0;
    const eventsStarted = performance.now();
    for (let from = 0; from < questCount; from += chunk) {
      const r = await rowsOf<{ n: string }>(
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
      written += Number(r[0]?.n ?? 0);
      tick(written);
    }
    const eventSeconds = (performance.now() - eventsStarted) / 1000;
    console.log(`  ${written.toLocaleString('en-US')} events written in ${eventSeconds.toFixed(0)} s`);

    // --- roll-ups of the copies, set-based; the same rows the updater writes for each quest
    const rollStarted = performance.now();
    await run(sql`insert into insight_quests (quest_id, org_id, team_id, month, ended_at, people, events, active_ms, values)
      select q.quest_id, ${orgId}, q.team_id, date_trunc('month', to_timestamp((q.started + t.ended_at) / 1000.0) at time zone 'UTC')::date,
             to_timestamp((q.started + t.ended_at) / 1000.0), cardinality(t.roles), t.events, t.active_ms, t.vals
      from bench_quests q join bench_templates t using (template)`);
    await run(sql`insert into insight_person_quests (quest_id, person_id, org_id, team_id, month, ended_at, role, people, quest_turns, facts, xp, mask)
      select q.quest_id, p.person_id, ${orgId}, q.team_id, iq.month, iq.ended_at, t.roles[r], cardinality(t.roles), t.turns,
             t.facts -> (r - 1), t.xp[r], t.masks[r]
      from bench_quests q join bench_templates t using (template) join insight_quests iq on iq.quest_id = q.quest_id
      cross join lateral generate_series(1, cardinality(t.roles)) r
      join bench_people p on p.team = q.team and p.k = (q.n / ${teamIds.length} + r) % ${PEOPLE_PER_TEAM}`);
    await run(sql`insert into insight_team_months (org_id, team_id, month, quests, events, active_ms, sums)
      select b.org_id, b.team_id, b.month, b.quests, b.events, b.active_ms, coalesce(m.sums, '{}'::jsonb)
      from (select org_id, team_id, month, count(*)::int quests, sum(events)::bigint events, sum(active_ms)::bigint active_ms
            from insight_quests where org_id = ${orgId} group by 1, 2, 3) b
      left join (select team_id, month, jsonb_object_agg(metric, jsonb_build_array(n, s, ss)) sums
                 from (select team_id, month, kv.key metric, count(*) n, sum(kv.value::float8) s, sum(kv.value::float8 ^ 2) ss
                       from insight_quests, jsonb_each_text(values) kv where org_id = ${orgId} group by 1, 2, 3) x
                 group by 1, 2) m on m.team_id is not distinct from b.team_id and m.month = b.month`);
    await run(sql`insert into insight_team_people (org_id, team_id, month, person_id, mask, quests)
      select org_id, team_id, month, person_id, bit_or(mask), count(*)::int from insight_person_quests
      where org_id = ${orgId} group by 1, 2, 3, 4`);
    await run(sql`insert into insight_folds (quest_id, folded_seq, folded_at) select id, version, now() from quests where org_id = ${orgId}`);
    await run(sql`vacuum analyze`);
    console.log(`  roll-ups built in ${((performance.now() - rollStarted) / 1000).toFixed(1)} s`);

    // --- the bulk roll-ups equal what the real updater writes: refold a sample of quests and recompute their buckets
    const people = new Map<string, { teamId: string; people: { role: string; personId: string }[] }>();
    const sample = await rowsOf<{ quest_id: string; team_id: string; role: string; person_id: string }>(
      db,
      sql`select pq.quest_id, pq.team_id, pq.role, pq.person_id from insight_person_quests pq
          where pq.quest_id in (select quest_id from bench_quests where n % ${Math.max(1, Math.floor(questCount / 200))} = 0 limit 200)`,
    );
    for (const r of sample) {
      const p = people.get(r.quest_id) ?? { teamId: r.team_id, people: [] };
      p.people.push({ role: r.role, personId: r.person_id });
      people.set(r.quest_id, p);
    }
    const challenges = new Map([...loadCatalog().values()].map((sc) => [sc.id, sc.def.challenges]));
    const ids = [...people.keys()];
    const bulkQuests = await db.select().from(insightQuests).where(inArray(insightQuests.questId, ids));
    const bulkBuckets = await db.select().from(insightTeamMonths).where(eq(insightTeamMonths.orgId, orgId));
    await db.update(insightFolds).set({ foldedSeq: 0 }).where(inArray(insightFolds.questId, ids));
    const updater = new RollupUpdater(db, {
      participants: { participantsOf: async (id) => people.get(id) ?? null },
      scenarios: (id) => challenges.get(id) ?? null,
    });
    const foldStarted = performance.now();
    for (const id of ids) await updater.foldQuest(id);
    const foldSeconds = (performance.now() - foldStarted) / 1000;
    const foldedEvents = bulkQuests.reduce((a, q) => a + q.events, 0);
    const refolded = new Map((await db.select().from(insightQuests).where(inArray(insightQuests.questId, ids))).map((q) => [q.questId, q]));
    const sameQuest = bulkQuests.filter((q) => {
      const r = refolded.get(q.questId);
      return r && r.month === q.month && r.endedAt.getTime() === q.endedAt.getTime() && JSON.stringify(r.values) === JSON.stringify(q.values);
    }).length;
    const bucketKey = (r: { teamId: string | null; month: string }) => `${r.teamId}|${r.month}`;
    const rebuilt = new Map((await db.select().from(insightTeamMonths).where(eq(insightTeamMonths.orgId, orgId))).map((r) => [bucketKey(r), r]));
    const sums = (x: Record<string, number[]>) =>
      JSON.stringify(Object.entries(x).sort().map(([k, v]) => [k, v.map((n) => Number(n.toPrecision(9)))]));
    const sameBucket = bulkBuckets.filter((b) => {
      const r = rebuilt.get(bucketKey(b));
      return r && r.quests === b.quests && r.events === b.events && sums(r.sums as never) === sums(b.sums as never);
    }).length;
    for (const b of bulkBuckets.slice(0, 5)) await recomputeBucket(db, { orgId, teamId: b.teamId, month: b.month });
    console.log(
      `  updater: ${ids.length} quests refolded by RollupUpdater in ${foldSeconds.toFixed(1)} s ` +
        `(${(ids.length / foldSeconds).toFixed(0)} quests/s, ${(foldedEvents / foldSeconds).toFixed(0)} events/s)`,
    );
    console.log(
      `  check: ${sameQuest} of ${bulkQuests.length} refolded quests equal their bulk rows; ` +
        `${sameBucket} of ${bulkBuckets.length} team-month buckets equal after the refold`,
    );

    // --- the measurements
    const window = Array.from({ length: 6 }, (_, i) => {
      const d = new Date(Date.UTC(2024, MONTHS - 6 + i, 1));
      return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    });
    const config = privacyConfig({ noiseSecret: 'bench-noise-secret-0123456789' });
    for (let i = 0; i < 5; i++) orgDashboard(config, await readOrgWindow(db, structure, window));
    const times: number[] = [];
    const queryTimes: number[] = [];
    let shownTeams = 0;
    for (let i = 0; i < DASHBOARD_RUNS; i++) {
      const started = performance.now();
      const rollups = await readOrgWindow(db, structure, window);
      queryTimes.push(performance.now() - started);
      const d = orgDashboard(config, rollups);
      times.push(performance.now() - started);
      shownTeams = d.units.filter((u) => u.level === 'team' && u.figures.turn_gini.kind !== 'withheld').length;
    }
    const from = Date.UTC(2024, MONTHS - 6, 1);
    const to = Date.UTC(2024, MONTHS, 1);
    const naive = async () =>
      rowsOf(
        db,
        sql`select q.team_id, count(*) filter (where e.type = 'message_sent') as messages,
                   count(*) filter (where e.payload->>'kind' = 'question') as questions,
                   count(*) filter (where e.type = 'proposal_objected') as objections,
                   count(*) filter (where e.type = 'card_shared') as shares,
                   count(distinct e.quest_id) as quests, count(distinct e.actor) as actors
            from quest_events e join quests q2 on q2.id = e.quest_id join bench_quests q on q.quest_id = e.quest_id
            where q2.org_id = ${orgId} and e.at >= ${from} and e.at < ${to}
            group by q.team_id`,
      );
    const naiveTimes: number[] = [];
    for (let i = 0; i < NAIVE_RUNS; i++) {
      const started = performance.now();
      await naive();
      naiveTimes.push(performance.now() - started);
    }
    const result: InsightsBenchResult = {
      events: written,
      quests: questCount,
      dashboardP50: percentile(times, 0.5),
      dashboardP95: percentile(times, 0.95),
      naiveP50: percentile(naiveTimes, 0.5),
      naiveP95: percentile(naiveTimes, 0.95),
    };
    console.log(
      `  window ${window[0]}..${window[5]}: ${teamIds.length} teams in ${GROUPS} groups, ${teamIds.length * PEOPLE_PER_TEAM} people; ` +
        `${shownTeams} teams show turn-taking`,
    );
    console.log(
      `  dashboard over roll-ups (query + privacy + report), ${DASHBOARD_RUNS} runs: p50 ${result.dashboardP50.toFixed(1)} ms  ` +
        `p95 ${result.dashboardP95.toFixed(1)} ms (goal < ${GOAL_MS} ms): ${result.dashboardP95 < GOAL_MS ? 'met' : 'MISSED'}` +
        `; of which the roll-up query p50 ${percentile(queryTimes, 0.5).toFixed(1)} ms`,
    );
    console.log(
      `  naive scan of raw events (counts only, no metrics), ${NAIVE_RUNS} runs: p50 ${result.naiveP50.toFixed(0)} ms  p95 ${result.naiveP95.toFixed(0)} ms` +
        `  (${(result.naiveP50 / result.dashboardP50).toFixed(0)}x the dashboard)`,
    );
    return result;
  } finally {
    await opened.close();
    if (process.env.BENCH_INSIGHTS_KEEP) console.log(`  kept ${database.url}`);
    else await database.drop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runInsightsBench();
}
