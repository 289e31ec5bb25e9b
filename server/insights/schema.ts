// The roll-ups insights reads instead of the raw event log. Folding a finished quest writes its per-quest and
// per-person rows, then recomputes the few team-month buckets it touches, so a dashboard reads a few thousand small
// rows however many events lie behind them. A quest without a team (held ad hoc in an organisation) rolls up under
// team_id null. Team and person ids are not foreign keys: teams and people live in the accounts schema, and
// withdrawing a person erases their rows here through insights' personal-data source.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, quests } from '../store/schema.ts';
import type { MetricSumsJson } from './metric-sums.ts';
import type { PersonFacts } from './metrics/family-result.ts';
import type { MetricId } from './metrics/metric-catalogue.ts';

const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Raw bytes: node-postgres gives a Buffer, PGlite a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** How far each quest has been folded: the highest event seq already in the roll-ups. */
export const insightFolds = pgTable(
  'insight_folds',
  {
    questId: uuid('quest_id')
      .primaryKey()
      .references(() => quests.id, { onDelete: 'cascade' }),
    foldedSeq: integer('folded_seq').notNull(),
    foldedAt: moment('folded_at').notNull(),
  },
  (t) => [check('insight_folds_seq_not_negative', sql`${t.foldedSeq} >= 0`)],
);

/** One finished quest: its team-level metric values (no person in them). */
export const insightQuests = pgTable(
  'insight_quests',
  {
    questId: uuid('quest_id')
      .primaryKey()
      .references(() => quests.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id'),
    /** The first day of the month the quest ended in (UTC). */
    month: date('month', { mode: 'string' }).notNull(),
    endedAt: moment('ended_at').notNull(),
    people: smallint('people').notNull(),
    events: integer('events').notNull(),
    activeMs: bigint('active_ms', { mode: 'number' }).notNull(),
    values: jsonb('values').$type<Partial<Record<MetricId, number>>>().notNull(),
  },
  (t) => [index('insight_quests_org_ended').on(t.orgId, t.endedAt), index('insight_quests_team_ended').on(t.teamId, t.endedAt)],
);

/** One person in one quest: their counts, XP and which metrics their data went into. Never read for a lead as rows. */
export const insightPersonQuests = pgTable(
  'insight_person_quests',
  {
    questId: uuid('quest_id')
      .notNull()
      .references(() => quests.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id'),
    month: date('month', { mode: 'string' }).notNull(),
    endedAt: moment('ended_at').notNull(),
    role: text('role').notNull(),
    /** People taking part in the quest, and everyone's turns: to compare a share of turns with an even share. */
    people: smallint('people').notNull(),
    questTurns: integer('quest_turns').notNull(),
    facts: jsonb('facts').$type<PersonFacts>().notNull(),
    xp: integer('xp').notNull(),
    /** Bit i set: this person's data went into metric i of METRIC_IDS. */
    mask: bigint('mask', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.questId, t.personId] }),
    index('insight_person_quests_person').on(t.personId, t.endedAt),
    index('insight_person_quests_team').on(t.teamId, t.endedAt),
    index('insight_person_quests_org').on(t.orgId, t.endedAt),
  ],
);

/**
 * Per team and month: quest count and, per metric, [quests with a value, sum, sum of squares]; and the same running
 * from the team's first month up to this one. A window's totals are then one running row minus another, two rows per
 * team whatever the window's length or the number of events behind it.
 */
export const insightTeamMonths = pgTable(
  'insight_team_months',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id'),
    month: date('month', { mode: 'string' }).notNull(),
    quests: integer('quests').notNull(),
    events: bigint('events', { mode: 'number' }).notNull(),
    activeMs: bigint('active_ms', { mode: 'number' }).notNull(),
    sums: jsonb('sums').$type<MetricSumsJson>().notNull(),
    runningQuests: integer('running_quests').notNull(),
    /** Running sums, packed (see metric-sums.ts): read by every dashboard, so kept as raw float64s. */
    running: bytea('running').notNull(),
  },
  (t) => [
    unique('insight_team_months_bucket').on(t.orgId, t.teamId, t.month).nullsNotDistinct(),
    index('insight_team_months_org_month').on(t.orgId, t.month),
  ],
);

/** Per team, month and person: which metrics the person's data went into, to count distinct people for any window. */
export const insightTeamPeople = pgTable(
  'insight_team_people',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id'),
    month: date('month', { mode: 'string' }).notNull(),
    personId: uuid('person_id').notNull(),
    mask: bigint('mask', { mode: 'bigint' }).notNull(),
    quests: integer('quests').notNull(),
  },
  (t) => [
    unique('insight_team_people_bucket').on(t.orgId, t.teamId, t.month, t.personId).nullsNotDistinct(),
    index('insight_team_people_org_month').on(t.orgId, t.month),
    index('insight_team_people_person').on(t.personId),
  ],
);

/** Bumped whenever an organisation's roll-ups change, so a process can keep a window's totals until it moves. */
export const insightOrgVersions = pgTable('insight_org_versions', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  version: bigint('version', { mode: 'number' }).notNull(),
});

/** A person's choice to let a team's leads see their strengths, by name. No row: nothing named is shown. */
export const insightStrengthShares = pgTable(
  'insight_strength_shares',
  {
    personId: uuid('person_id').notNull(),
    teamId: uuid('team_id').notNull(),
    sharedAt: moment('shared_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.teamId] }), index('insight_strength_shares_team').on(t.teamId)],
);
