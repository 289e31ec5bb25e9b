// Reads the roll-ups for the reports. The organisation query touches one row per team and month and one row per team,
// month and person, whatever the number of events behind them; everything else reads a bounded number of quests.
// Person ids appear in these results only to count distinct people and to find a person's own rows: they never
// leave the pipeline for a lead.
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { type InsightsDatabase, rowsOf } from './insights-database.ts';
import type { PersonFacts } from './metrics/family-result.ts';
import type { MetricId } from './metrics/metric-catalogue.ts';
import type { OrgWindow, QuestRecord, UnitHistory } from './report/inputs.ts';
import { type OrgStructure, orgWindowOf } from './report/org-window.ts';
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

export async function readOrgWindow(db: InsightsDatabase, structure: OrgStructure, months: readonly string[]): Promise<OrgWindow> {
  const from = day(months[0] as string);
  const to = day(months[months.length - 1] as string);
  const [monthRows, peopleRows] = await Promise.all([
    db
      .select({ teamId: insightTeamMonths.teamId, quests: insightTeamMonths.quests, sums: insightTeamMonths.sums })
      .from(insightTeamMonths)
      .where(and(eq(insightTeamMonths.orgId, structure.orgId), gte(insightTeamMonths.month, from), lte(insightTeamMonths.month, to))),
    rowsOf<{ team_id: string | null; person_id: string; mask: string }>(
      db,
      sql`select team_id, person_id, bit_or(mask)::text as mask from ${insightTeamPeople}
          where org_id = ${structure.orgId} and month >= ${from}::date and month <= ${to}::date
          group by team_id, person_id`,
    ),
  ]);

  return orgWindowOf(
    structure,
    months,
    monthRows,
    peopleRows.map((r) => ({ teamId: r.team_id, personId: r.person_id, mask: BigInt(r.mask) })),
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
export async function readTeamQuests(db: InsightsDatabase, orgId: string, teamId: string | null, months: readonly string[]): Promise<QuestRecord[]> {
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
  return withPeople(rows, await peopleOf(db, rows.map((r) => r.questId)));
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
  return { unitId: unit.unitId, quests: withPeople(rows, await peopleOf(db, rows.map((r) => r.questId))) };
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
