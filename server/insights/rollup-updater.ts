// Folds finished quests into the roll-ups. Folding is idempotent by (quest, seq): insight_folds keeps the highest seq
// already folded, and a quest is folded again only when its log has grown past it, in which case its rows are
// replaced, not added to. The team-month buckets a quest touches are recomputed from the per-quest rows under an
// advisory lock per bucket, so two processes folding quests of the same team and month cannot lose each other's work.
import { and, asc, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { QuestEvent } from '../../engine/index.ts';
import { questEvents, quests } from '../store/schema.ts';
import type { InsightsDatabase } from './insights-database.ts';
import { addMetricSums, differenceOf, packSums, sumsOfValues, unpackSums } from './metric-sums.ts';
import type { PersonFacts } from './metrics/family-result.ts';
import { type MetricId, metricBit } from './metrics/metric-catalogue.ts';
import { questInsights } from './metrics/quest-insights.ts';
import type { ParticipantSource, ScenarioFacts } from './quest-participants.ts';
import {
  insightFolds,
  insightOrgVersions,
  insightPersonQuests,
  insightQuests,
  insightTeamMonths,
  insightTeamPeople,
} from './schema.ts';
import { xpForQuest } from './xp/strengths-xp.ts';

export type FoldOutcome = 'folded' | 'unchanged' | 'not_finished' | 'no_such_quest';

export interface RollupUpdaterOptions {
  participants: ParticipantSource;
  scenarios: ScenarioFacts;
  clock?: () => number;
}

/** The first day of the UTC month of a time, as 'YYYY-MM-01'. */
export function monthOf(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

interface Bucket {
  orgId: string;
  teamId: string | null;
  month: string;
}

function bucketKey(b: Bucket): string {
  return `${b.orgId}|${b.teamId ?? '-'}|${b.month}`;
}

export class RollupUpdater {
  private readonly clock: () => number;

  constructor(
    private readonly db: InsightsDatabase,
    private readonly opts: RollupUpdaterOptions,
  ) {
    this.clock = opts.clock ?? Date.now;
  }

  /** Folds one quest if it has finished and has events not folded yet. */
  async foldQuest(questId: string): Promise<FoldOutcome> {
    // A quest the participant source does not know (a demo quest, say) has nobody to count: it is folded empty, so
    // it is not looked at again and cannot hold up the quests behind it.
    const participants = (await this.opts.participants.participantsOf(questId)) ?? { teamId: null, people: [] };
    // Read before the transaction: a stored scenario is looked up on another connection (one, with PGlite).
    const [named] =
      participants.people.length > 0
        ? await this.db
            .select({ scenarioId: quests.scenarioId, scenarioHash: quests.scenarioHash })
            .from(quests)
            .where(eq(quests.id, questId))
        : [];
    const challenges = named ? ((await this.opts.scenarios(named.scenarioId, named.scenarioHash)) ?? []) : [];
    return this.db.transaction(async (tx) => {
      const [quest] = await tx.select({ orgId: quests.orgId }).from(quests).where(eq(quests.id, questId));
      if (!quest) return 'no_such_quest';
      await tx
        .insert(insightFolds)
        .values({ questId, foldedSeq: 0, foldedAt: new Date(this.clock()) })
        .onConflictDoNothing({ target: insightFolds.questId });
      // The fold row's lock serialises folds of the same quest.
      const [fold] = await tx.select().from(insightFolds).where(eq(insightFolds.questId, questId)).for('update');
      const folded = fold?.foldedSeq ?? 0;
      const rows = await tx
        .select({ seq: questEvents.seq, actor: questEvents.actor, payload: questEvents.payload })
        .from(questEvents)
        .where(eq(questEvents.questId, questId))
        .orderBy(asc(questEvents.seq));
      const last = rows.at(-1)?.seq ?? 0;
      if (last <= folded) return 'unchanged';
      const events = rows.map((r) => ({ seq: r.seq, actor: r.actor, event: r.payload as QuestEvent }));
      if (!events.some((e) => e.event.type === 'quest_ended')) return 'not_finished';

      const [previous] = await tx
        .select({ teamId: insightQuests.teamId, month: insightQuests.month })
        .from(insightQuests)
        .where(eq(insightQuests.questId, questId));
      await tx.delete(insightQuests).where(eq(insightQuests.questId, questId));
      await tx.delete(insightPersonQuests).where(eq(insightPersonQuests.questId, questId));

      const touched = new Map<string, Bucket>();
      if (previous) {
        const b = { orgId: quest.orgId, teamId: previous.teamId, month: previous.month };
        touched.set(bucketKey(b), b);
      }
      const people = participants.people;
      if (people.length > 0) {
        const insight = questInsights(events, { people: people.map((p) => p.role), challenges });
        const endedAt = insight.endedAt ?? events.at(-1)?.event.at ?? 0;
        const month = monthOf(endedAt);
        const teamId = participants.teamId;
        const values: Partial<Record<MetricId, number>> = {};
        for (const [id, v] of Object.entries(insight.values) as [MetricId, number | null][]) if (v !== null) values[id] = v;
        await tx.insert(insightQuests).values({
          questId,
          orgId: quest.orgId,
          teamId,
          month,
          endedAt: new Date(endedAt),
          people: people.length,
          events: events.length,
          activeMs: Math.round(insight.activeMs),
          values,
        });
        const masks = new Map<string, bigint>(people.map((p) => [p.role, 0n]));
        for (const [id, who] of Object.entries(insight.subjects) as [MetricId, readonly string[]][]) {
          for (const role of who) {
            const m = masks.get(role);
            if (m !== undefined) masks.set(role, m | (1n << BigInt(metricBit(id))));
          }
        }
        await tx.insert(insightPersonQuests).values(
          people.map((p) => {
            const facts = insight.people.get(p.role) as PersonFacts;
            return {
              questId,
              personId: p.personId,
              orgId: quest.orgId,
              teamId,
              month,
              endedAt: new Date(endedAt),
              role: p.role,
              people: people.length,
              questTurns: insight.turns,
              facts,
              xp: xpForQuest(facts).total,
              mask: masks.get(p.role) ?? 0n,
            };
          }),
        );
        const b = { orgId: quest.orgId, teamId, month };
        touched.set(bucketKey(b), b);
      }
      // Locks in one order everywhere, so two folds never wait on each other in a cycle.
      for (const key of [...touched.keys()].sort())
        await recomputeBucket(tx as unknown as InsightsDatabase, touched.get(key) as Bucket);
      await tx
        .update(insightFolds)
        .set({ foldedSeq: last, foldedAt: new Date(this.clock()) })
        .where(eq(insightFolds.questId, questId));
      if (touched.size > 0) await bumpVersion(tx as unknown as InsightsDatabase, quest.orgId);
      return 'folded';
    });
  }

  /** Folds finished quests whose logs grew since their last fold, oldest first; returns how many were folded. */
  async foldPending(limit = 100): Promise<{ folded: number; looked: number }> {
    const pending = await this.db
      .select({ id: quests.id })
      .from(quests)
      .leftJoin(insightFolds, eq(insightFolds.questId, quests.id))
      .where(and(eq(quests.status, 'finished'), sql`${quests.version} > coalesce(${insightFolds.foldedSeq}, 0)`))
      .orderBy(asc(quests.updatedAt))
      .limit(limit);
    let folded = 0;
    for (const p of pending) if ((await this.foldQuest(p.id)) === 'folded') folded++;
    return { folded, looked: pending.length };
  }
}

/** Marks an organisation's roll-ups as changed: windows read before now must be read again. */
export async function bumpVersion(db: InsightsDatabase, orgId: string): Promise<void> {
  await db
    .insert(insightOrgVersions)
    .values({ orgId, version: 1 })
    .onConflictDoUpdate({ target: insightOrgVersions.orgId, set: { version: sql`${insightOrgVersions.version} + 1` } });
}

/**
 * Rewrites one team-month bucket from the per-quest and per-person rows under it, then the running totals of that
 * team from the bucket's month on. Runs under an advisory lock per team, so folds of one team's quests take turns.
 */
export async function recomputeBucket(db: InsightsDatabase, b: Bucket): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`insights|${b.orgId}|${b.teamId ?? '-'}`}, 0))`);
  const teamIs = (column: typeof insightQuests.teamId | typeof insightTeamMonths.teamId | typeof insightTeamPeople.teamId) =>
    b.teamId === null ? isNull(column) : eq(column, b.teamId);
  const questRows = await db
    .select({ values: insightQuests.values, events: insightQuests.events, activeMs: insightQuests.activeMs })
    .from(insightQuests)
    .where(and(eq(insightQuests.orgId, b.orgId), teamIs(insightQuests.teamId), eq(insightQuests.month, b.month)));
  await db
    .delete(insightTeamMonths)
    .where(and(eq(insightTeamMonths.orgId, b.orgId), teamIs(insightTeamMonths.teamId), eq(insightTeamMonths.month, b.month)));
  if (questRows.length > 0) {
    const sums = sumsOfValues(questRows.map((q) => q.values));
    await db.insert(insightTeamMonths).values({
      orgId: b.orgId,
      teamId: b.teamId,
      month: b.month,
      quests: questRows.length,
      events: questRows.reduce((a, q) => a + q.events, 0),
      activeMs: questRows.reduce((a, q) => a + q.activeMs, 0),
      sums,
      // Set just below, with the months after it.
      runningQuests: 0,
      running: packSums({}),
    });
  }
  await rewriteRunningTotals(db, b);

  await db
    .delete(insightTeamPeople)
    .where(and(eq(insightTeamPeople.orgId, b.orgId), teamIs(insightTeamPeople.teamId), eq(insightTeamPeople.month, b.month)));
  // Spelled out for null rather than "is not distinct from", which no index can serve.
  const team = b.teamId === null ? sql`team_id is null` : sql`team_id = ${b.teamId}::uuid`;
  await db.execute(sql`
    insert into ${insightTeamPeople} (org_id, team_id, month, person_id, mask, quests)
    select org_id, team_id, month, person_id, bit_or(mask), count(*)::int
    from ${insightPersonQuests}
    where org_id = ${b.orgId} and ${team} and month = ${b.month}::date
    group by org_id, team_id, month, person_id`);
}

/** The running totals of a team from a month on: the last month before it, plus each month in turn. */
export async function rewriteRunningTotals(db: InsightsDatabase, b: Bucket): Promise<void> {
  const teamIs = b.teamId === null ? isNull(insightTeamMonths.teamId) : eq(insightTeamMonths.teamId, b.teamId);
  const [before] = await db
    .select({ runningQuests: insightTeamMonths.runningQuests, running: insightTeamMonths.running })
    .from(insightTeamMonths)
    .where(and(eq(insightTeamMonths.orgId, b.orgId), teamIs, lt(insightTeamMonths.month, b.month)))
    .orderBy(desc(insightTeamMonths.month))
    .limit(1);
  const later = await db
    .select({ month: insightTeamMonths.month, quests: insightTeamMonths.quests, sums: insightTeamMonths.sums })
    .from(insightTeamMonths)
    .where(and(eq(insightTeamMonths.orgId, b.orgId), teamIs, gte(insightTeamMonths.month, b.month)))
    .orderBy(asc(insightTeamMonths.month));
  let runningQuests = before?.runningQuests ?? 0;
  const running = before ? differenceOf(unpackSums(before.running), null) : {};
  for (const row of later) {
    runningQuests += row.quests;
    addMetricSums(running, row.sums);
    await db
      .update(insightTeamMonths)
      .set({ runningQuests, running: packSums(running) })
      .where(and(eq(insightTeamMonths.orgId, b.orgId), teamIs, eq(insightTeamMonths.month, row.month)));
  }
}
