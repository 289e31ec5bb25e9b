// The trade-off ledger's tables: backlog items (features and tech debt), trade-off records with their sign-offs,
// commitments with every renegotiation, sprints with the history of their plans, and the trust events a team
// records. Every table is scoped by team_id (a team of server/accounts); a request for another team's row finds
// nothing. Nothing here is ever deleted by the ledger: plans keep removed entries, records are superseded.
// The ledger is the team's record, so it lives and dies with the team: deleting a team (an organisation admin's act,
// or the organisation's deletion) cascades to every ledger row of that team (docs/LEDGER.md, Wiring).
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { teams } from '../accounts/schema.ts';
import type { DebtTerms, IceInputs, PricedRisk, RiceInputs, WsjfInputs } from './ledger-item.ts';
import type { TradeOffContent } from './trade-off-record.ts';
import { BREAK_KINDS, REPAIR_KINDS } from './trust-timeline.ts';

const TRUST_KINDS = [...BREAK_KINDS, ...REPAIR_KINDS].map((k) => `'${k}'`).join(', ');

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });
const teamId = () =>
  uuid('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' });

/** One row per team that changed a setting; a team without a row uses DEFAULT_SETTINGS. */
export const ledgerSettings = pgTable(
  'ledger_settings',
  {
    teamId: uuid('team_id')
      .primaryKey()
      .references(() => teams.id, { onDelete: 'cascade' }),
    method: text('method', { enum: ['rice', 'ice', 'wsjf'] }).notNull(),
    iceRule: text('ice_rule', { enum: ['average', 'product'] }).notNull(),
    sprintsPerQuarter: doublePrecision('sprints_per_quarter').notNull(),
    hoursPerPersonMonth: doublePrecision('hours_per_person_month').notNull(),
    loadedHourlyCost: doublePrecision('loaded_hourly_cost').notNull(),
    valuePerReachImpact: doublePrecision('value_per_reach_impact').notNull(),
    iceImpactTenAt: doublePrecision('ice_impact_ten_at').notNull(),
    wsjfTwentyAt: doublePrecision('wsjf_twenty_at').notNull(),
    qualityShare: doublePrecision('quality_share').notNull(),
    qualityWindow: integer('quality_window').notNull(),
    dueSoonDays: integer('due_soon_days').notNull(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('ledger_settings_method_known', sql`${t.method} in ('rice', 'ice', 'wsjf')`),
    check('ledger_settings_ice_rule_known', sql`${t.iceRule} in ('average', 'product')`),
    check('ledger_settings_quality_share_range', sql`${t.qualityShare} >= 0 and ${t.qualityShare} <= 1`),
  ],
);

export const ledgerItems = pgTable(
  'ledger_items',
  {
    id: uuid('id').primaryKey(),
    teamId: teamId(),
    kind: text('kind', { enum: ['feature', 'debt'] }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The issue key in Jira or Linear, for items that came from an import. */
    externalKey: text('external_key'),
    source: text('source', { enum: ['manual', 'jira', 'linear'] }).notNull(),
    status: text('status', { enum: ['open', 'done', 'dropped'] })
      .notNull()
      .default('open'),
    points: integer('points'),
    rice: jsonb('rice').$type<RiceInputs>().notNull().default({}),
    ice: jsonb('ice').$type<IceInputs>().notNull().default({}),
    wsjf: jsonb('wsjf').$type<WsjfInputs>().notNull().default({}),
    debt: jsonb('debt').$type<DebtTerms>(),
    risks: jsonb('risks').$type<PricedRisk[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_items_team').on(t.teamId),
    // Importing the same export twice must not double the backlog.
    uniqueIndex('ledger_items_external_key').on(t.teamId, t.source, t.externalKey).where(sql`${t.externalKey} is not null`),
    check('ledger_items_kind_known', sql`${t.kind} in ('feature', 'debt')`),
    check('ledger_items_status_known', sql`${t.status} in ('open', 'done', 'dropped')`),
    check('ledger_items_source_known', sql`${t.source} in ('manual', 'jira', 'linear')`),
    check('ledger_items_points_range', sql`${t.points} is null or (${t.points} >= 0 and ${t.points} <= 1000)`),
  ],
);

export const tradeOffs = pgTable(
  'ledger_trade_offs',
  {
    id: uuid('id').primaryKey(),
    teamId: teamId(),
    /** Per team, from 1: the ADR number of the export. */
    number: integer('number').notNull(),
    status: text('status', { enum: ['draft', 'proposed', 'accepted', 'superseded'] }).notNull(),
    revision: integer('revision').notNull().default(1),
    content: jsonb('content').$type<TradeOffContent>().notNull(),
    /** When the record was first written: the decision must come after it. */
    writtenAt: moment('written_at').notNull(),
    decidedAt: moment('decided_at'),
    acceptedAt: moment('accepted_at'),
    // The links between records, and from commitments to what they came from, never block deleting the team (which
    // removes every row at once): a link to a row that is gone becomes null.
    supersedes: uuid('supersedes').references((): AnyPgColumn => tradeOffs.id, { onDelete: 'set null' }),
    supersededBy: uuid('superseded_by').references((): AnyPgColumn => tradeOffs.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').notNull(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('ledger_trade_offs_number').on(t.teamId, t.number),
    check('ledger_trade_offs_status_known', sql`${t.status} in ('draft', 'proposed', 'accepted', 'superseded')`),
    // The database refuses an accepted record whose decision predates it, whatever code writes it.
    check(
      'ledger_trade_offs_decided_after_written',
      sql`${t.status} in ('draft', 'proposed') or (${t.decidedAt} is not null and ${t.decidedAt} >= ${t.writtenAt})`,
    ),
  ],
);

export const tradeOffSignOffs = pgTable(
  'ledger_trade_off_sign_offs',
  {
    tradeOffId: uuid('trade_off_id')
      .notNull()
      .references(() => tradeOffs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull(),
    /** The revision signed: an edit after it leaves the sign-off standing for the old text only. */
    revision: integer('revision').notNull(),
    signedAt: moment('signed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tradeOffId, t.personId] })],
);

export const commitments = pgTable(
  'ledger_commitments',
  {
    id: uuid('id').primaryKey(),
    teamId: teamId(),
    title: text('title').notNull(),
    ownerPersonId: uuid('owner_person_id'),
    ownerName: text('owner_name').notNull(),
    dueOn: day('due_on').notNull(),
    tradeOffId: uuid('trade_off_id').references(() => tradeOffs.id, { onDelete: 'set null' }),
    itemId: uuid('item_id').references(() => ledgerItems.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['open', 'honoured', 'dropped'] })
      .notNull()
      .default('open'),
    closedAt: moment('closed_at'),
    closeNote: text('close_note'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ledger_commitments_team').on(t.teamId),
    check('ledger_commitments_status_known', sql`${t.status} in ('open', 'honoured', 'dropped')`),
    check('ledger_commitments_closed_when_done', sql`(${t.status} = 'open') = (${t.closedAt} is null)`),
  ],
);

export const renegotiations = pgTable(
  'ledger_renegotiations',
  {
    id: uuid('id').primaryKey(),
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    at: moment('at').notNull(),
    previousDueOn: day('previous_due_on').notNull(),
    newDueOn: day('new_due_on').notNull(),
    reason: text('reason').notNull(),
    agreedBy: jsonb('agreed_by').$type<string[]>().notNull(),
    recordedBy: uuid('recorded_by').notNull(),
  },
  (t) => [index('ledger_renegotiations_commitment').on(t.commitmentId)],
);

export const sprints = pgTable(
  'ledger_sprints',
  {
    id: uuid('id').primaryKey(),
    teamId: teamId(),
    name: text('name').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    capacity: integer('capacity').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('ledger_sprints_name').on(t.teamId, t.name),
    check('ledger_sprints_dates_ordered', sql`${t.endsOn} >= ${t.startsOn}`),
    check('ledger_sprints_capacity_positive', sql`${t.capacity} > 0`),
  ],
);

export const sprintEntries = pgTable(
  'ledger_sprint_entries',
  {
    id: uuid('id').primaryKey(),
    sprintId: uuid('sprint_id')
      .notNull()
      .references(() => sprints.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => ledgerItems.id, { onDelete: 'cascade' }),
    points: integer('points').notNull(),
    addedAt: moment('added_at').notNull(),
    addReason: text('add_reason'),
    addedBy: uuid('added_by').notNull(),
    removedAt: moment('removed_at'),
    removeReason: text('remove_reason'),
    removedBy: uuid('removed_by'),
  },
  (t) => [
    index('ledger_sprint_entries_sprint').on(t.sprintId),
    index('ledger_sprint_entries_item').on(t.itemId),
    // An item is in a sprint's current plan at most once; removed entries stay as history.
    uniqueIndex('ledger_sprint_entries_active').on(t.sprintId, t.itemId).where(sql`${t.removedAt} is null`),
    check('ledger_sprint_entries_points_range', sql`${t.points} >= 0 and ${t.points} <= 1000`),
  ],
);

export const trustEvents = pgTable(
  'ledger_trust_events',
  {
    id: uuid('id').primaryKey(),
    teamId: teamId(),
    kind: text('kind').notNull(),
    at: moment('at').notNull(),
    note: text('note').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ledger_trust_events_team').on(t.teamId, t.at),
    check('ledger_trust_events_kind_known', sql`${t.kind} in (${sql.raw(TRUST_KINDS)})`),
  ],
);

/**
 * Each commitment alert delivered, once per commitment, kind and due date: a restart or a second process finds the
 * row and does not send it again, and a renegotiated date (a new due date) is a new alert.
 */
export const deliveredAlerts = pgTable(
  'ledger_delivered_alerts',
  {
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['due_soon', 'slipping', 'silently_deprioritised'] }).notNull(),
    dueOn: day('due_on').notNull(),
    deliveredAt: moment('delivered_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.commitmentId, t.kind, t.dueOn] }),
    check('ledger_delivered_alerts_kind_known', sql`${t.kind} in ('due_soon', 'slipping', 'silently_deprioritised')`),
  ],
);
