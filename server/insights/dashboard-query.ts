// Reads the roll-ups for the reports. The organisation query touches one row per team and month and one row per team,
// month and person, whatever the number of events behind them; everything else reads a bounded number of quests.
// Person ids appear in these results only to count distinct people and to find a person's own rows: they never
// leave the pipeline for a lead.
import { and, asc, desc, eq, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { type InsightsDatabase, rowsOf } from './insights-database.ts';
import { subtractPacked, unpackSums } from './metric-sums.ts';
import type { PersonFacts } from './metrics/family-result.ts';
import type { MetricId } from './metrics/metric-catalogue.ts';
import type { OrgWindow, QuestRecord, UnitHistory } from './report/inputs.ts';
import { type OrgStructure, orgWindowOf, type TeamMonthSums } from './report/org-window.ts';

import type { OwnQuest } from './report/personal-report.ts';
import { insightPersonQuests, insightQuests, insightStrengthShares, insightTeamMonths, insightTeamPeople } from './schema.ts';

/** The last `count` complete calendar months before `now` (UTC), as 'YYYY-MM', oldest first. */
export function completeMonths(now: number, count: number): string[] {
  const d = new Date(now);
  const out: string[] = [];
  for (let i = count; i >= 1; i--) {
    const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1));
    out.push(`${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

const day = (month: string) => `${month}-01`;

export async function readOrgWindow(
  db: InsightsDatabase,
  structure: OrgStructure,
  months: readonly string[],
): Promise<OrgWindow> {
  const from = day(months[0] as string);
  const to = day(months[months.length - 1] as string);
  // One round trip. `p`: who took part in the window, per team, with their metric masks as two float8 halves (exact
  // below 2^53, read as numbers without a BigInt per row); it also names every team with data in the window, as a
  // quest always has people. Then each of those teams' running totals at the end of the window ('end') and just
  // before it ('start'): the window is their difference. One index lookup per team and end; quests outside a team
  // are looked up on their own, as "team_id = x" never matches null.
  const latest = (team: SQL, condition: SQL) => sql`
    select running_quests, running from ${insightTeamMonths} m
    where m.org_id = ${structure.orgId} and ${team} and ${condition} order by m.month desc limit 1`;
  const running = (kind: string, condition: SQL) => sql`
    select ${kind}, t.team_id, null::uuid, null::float8, null::float8, r.running_quests, r.running
    from (select distinct team_id from p where team_id is not null) t
    cross join lateral (${latest(sql`m.team_id = t.team_id`, condition)}) r
    union all
    select ${kind}, null, null, null, null, r.running_quests, r.running
    from (${latest(sql`m.team_id is null`, condition)}) r where exists (select 1 from p where team_id is null)`;
  const rows = await rowsOf<{
    kind: 'person' | 'end' | 'start';
    team_id: string | null;
    person_id: string;
    lo: number;
    hi: number;
    running_quests: number;
    running: Uint8Array;
  }>(
    db,
    sql`with p as materialized (
          select team_id, person_id, bit_or(mask) as mask from ${insightTeamPeople}
          where org_id = ${structure.orgId} and month >= ${from}::date and month <= ${to}::date
          group by team_id, person_id)
        select 'person' as kind, team_id, person_id, (mask & 4294967295)::float8 as lo, (mask >> 32)::float8 as hi,
               null::int as running_quests, null::bytea as running
        from p
        union all ${running('end', sql`m.month <= ${to}::date`)}
        union all ${running('start', sql`m.month < ${from}::date`)}`,
  );
  const peopleRows = rows.filter((r) => r.kind === 'person');
  const atEnd = rows.filter((r) => r.kind === 'end');
  const beforeStart = rows.filter((r) => r.kind === 'start');
  const before = new Map(beforeStart.map((r) => [r.team_id, r]));
  const teamMonths: TeamMonthSums[] = [];
  for (const r of atEnd) {
    const b = before.get(r.team_id);
    const quests = r.running_quests - (b?.running_quests ?? 0);
    if (quests <= 0) continue;
    teamMonths.push({ teamId: r.team_id, quests, sums: subtractPacked(unpackSums(r.running), b ? unpackSums(b.running) : null) });
  }
  return orgWindowOf(
    structure,
    months,
    teamMonths,
    peopleRows.map((r) => ({ teamId: r.team_id, personId: r.person_id, lo: r.lo, hi: r.hi })),
  );
}

type PersonRow = { questId: string; personId: string; facts: PersonFacts; mask: bigint };

function withPeople(
  quests: { questId: string; month: string; endedAt: Date; values: Partial<Record<MetricId, number>> }[],
  people: PersonRow[],
): QuestRecord[] {
  const byQuest = new Map<string, Map<string, { facts: PersonFacts; mask: bigint }>>();
  for (const p of people) {
    const m = byQuest.get(p.questId) ?? new Map();
    m.set(p.personId, { facts: p.facts, mask: p.mask });
    byQuest.set(p.questId, m);
  }
  return quests.map((q) => ({
    questId: q.questId,
    month: q.month.slice(0, 7),
    endedAt: q.endedAt.getTime(),
    values: q.values,
    people: byQuest.get(q.questId) ?? new Map(),
  }));
}

async function peopleOf(db: InsightsDatabase, questIds: string[]): Promise<PersonRow[]> {
  if (questIds.length === 0) return [];
  return db
    .select({
      questId: insightPersonQuests.questId,
      personId: insightPersonQuests.personId,
      facts: insightPersonQuests.facts,
      mask: insightPersonQuests.mask,
    })
    .from(insightPersonQuests)
    .where(inArray(insightPersonQuests.questId, questIds));
}

const questColumns = {
  questId: insightQuests.questId,
  month: insightQuests.month,
  endedAt: insightQuests.endedAt,
  values: insightQuests.values,
};

/** A team's quests in the window, oldest first, with the people in each (pipeline only). */
export async function readTeamQuests(
  db: InsightsDatabase,
  orgId: string,
  teamId: string | null,
  months: readonly string[],
): Promise<QuestRecord[]> {
  const rows = await db
    .select(questColumns)
    .from(insightQuests)
    .where(
      and(
        eq(insightQuests.orgId, orgId),
        teamId === null ? isNull(insightQuests.teamId) : eq(insightQuests.teamId, teamId),
        gte(insightQuests.month, day(months[0] as string)),
        lte(insightQuests.month, day(months[months.length - 1] as string)),
      ),
    )
    .orderBy(asc(insightQuests.endedAt));
  return withPeople(
    rows,
    await peopleOf(
      db,
      rows.map((r) => r.questId),
    ),
  );
}

/** The most recent quests of a team, of several teams (a group) or of the organisation, ending before `before`. */
export async function readHistory(
  db: InsightsDatabase,
  unit: { unitId: string; orgId: string; teamIds: readonly string[] | 'all' },
  before: Date,
  limit = 40,
): Promise<UnitHistory> {
  const rows = await db
    .select(questColumns)
    .from(insightQuests)
    .where(
      and(
        eq(insightQuests.orgId, unit.orgId),
        unit.teamIds === 'all' ? undefined : inArray(insightQuests.teamId, [...unit.teamIds]),
        lte(insightQuests.endedAt, before),
      ),
    )
    .orderBy(desc(insightQuests.endedAt))
    .limit(limit);
  rows.reverse();
  return {
    unitId: unit.unitId,
    quests: withPeople(
      rows,
      await peopleOf(
        db,
        rows.map((r) => r.questId),
      ),
    ),
  };
}

/** A person's own quests, oldest first. */
export async function readOwnQuests(db: InsightsDatabase, personId: string, limit = 200): Promise<OwnQuest[]> {
  const rows = await db
    .select({
      questId: insightPersonQuests.questId,
      endedAt: insightPersonQuests.endedAt,
      facts: insightPersonQuests.facts,
      questTurns: insightPersonQuests.questTurns,
      people: insightPersonQuests.people,
    })
    .from(insightPersonQuests)
    .where(eq(insightPersonQuests.personId, personId))
    .orderBy(desc(insightPersonQuests.endedAt))
    .limit(limit);
  return rows.reverse().map((r) => ({ ...r, endedAt: r.endedAt.getTime() }));
}

export async function readStrengthShares(db: InsightsDatabase, teamId: string): Promise<{ personId: string; sharedAt: Date }[]> {
  return db
    .select({ personId: insightStrengthShares.personId, sharedAt: insightStrengthShares.sharedAt })
    .from(insightStrengthShares)
    .where(eq(insightStrengthShares.teamId, teamId))
    .orderBy(asc(insightStrengthShares.sharedAt));
}
