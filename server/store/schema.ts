// The durable shape of Polarity: organisations, quests with their players, and one append-only event stream per
// quest. Migrations in ./migrations are generated from this file (`npx drizzle-kit generate`) and applied at start.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { DEFAULT_INSIGHTS_AUDIENCE, insightsAudiences } from '../accounts/insights-audience.ts';
import { people, teams } from '../accounts/schema.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    /** Who reads team insights, as the admins chose (server/accounts/insights-audience.ts); the API enforces it. */
    insightsAudience: text('insights_audience', { enum: insightsAudiences }).notNull().default(DEFAULT_INSIGHTS_AUDIENCE),
    createdAt: createdAt(),
  },
  (t) => [check('organisations_insights_audience_known', sql`${t.insightsAudience} in ('admins', 'leads_and_admins')`)],
);

export const questStatuses = ['lobby', 'running', 'paused', 'finished'] as const;
export type QuestRowStatus = (typeof questStatuses)[number];

export const quests = pgTable(
  'quests',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    /** The team the quest belongs to; null for an ad hoc quest in the organisation (docs/ACCOUNTS.md). */
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    scenarioId: text('scenario_id').notNull(),
    scenarioHash: text('scenario_hash').notNull(),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    invite: text('invite').notNull().unique(),
    hostPlayerId: uuid('host_player_id').notNull(),
    status: text('status', { enum: questStatuses }).notNull().default('lobby'),
    /** The number of events in the stream: the expected version every append is checked against. */
    version: integer('version').notNull().default(0),
    /** Lobby only: role -> bot persona for seats the host filled with bots. */
    lobbyBots: jsonb('lobby_bots').$type<Record<string, string>>().notNull().default({}),
    /** The engine seats, fixed when the quest starts. */
    seats: jsonb('seats').$type<{ role: string; kind: 'human' | 'bot'; persona?: string }[]>(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('quests_status_known', sql`${t.status} in ('lobby', 'running', 'paused', 'finished')`),
    check('quests_version_not_negative', sql`${t.version} >= 0`),
    index('quests_active').on(t.status),
  ],
);

export const players = pgTable(
  'players',
  {
    id: uuid('id').primaryKey(),
    questId: uuid('quest_id')
      .notNull()
      .references(() => quests.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** SHA-256 of the bearer token, hex: the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    /** A role id, 'spectator', 'facilitator', or null while choosing. */
    seat: text('seat'),
    host: boolean('host').notNull().default(false),
    /** The signed-in person who plays under this token; null for anonymous play (docs/ACCOUNTS.md). */
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('players_quest').on(t.questId),
    // A person's quests: their export, their withdrawal, and a deleted person's links set to null.
    index('players_person').on(t.personId).where(sql`${t.personId} is not null`),
    // A role or the facilitator chair holds one person; spectators are unlimited.
    uniqueIndex('players_one_per_seat').on(t.questId, t.seat).where(sql`${t.seat} is not null and ${t.seat} <> 'spectator'`),
  ],
);

export const questEvents = pgTable(
  'quest_events',
  {
    questId: uuid('quest_id')
      .notNull()
      .references(() => quests.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    /** Who caused it: a player id, 'bot:<role>' or 'system' (the server clock, seat cover). */
    actor: text('actor').notNull(),
    /** The seat it was played from: a role, 'facilitator', or null for the server. */
    seat: text('seat'),
    /** Quest time in ms, as stamped by the server clock. */
    at: bigint('at', { mode: 'number' }).notNull(),
    schemaVersion: integer('schema_version').notNull(),
    payload: jsonb('payload').notNull(),
  },
  (t) => [primaryKey({ columns: [t.questId, t.seq] }), check('quest_events_seq_positive', sql`${t.seq} > 0`)],
);

export const questSnapshots = pgTable(
  'quest_snapshots',
  {
    questId: uuid('quest_id')
      .notNull()
      .references(() => quests.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    state: jsonb('state').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.questId, t.version] })],
);

export const presence = pgTable(
  'presence',
  {
    questId: uuid('quest_id')
      .notNull()
      .references(() => quests.id, { onDelete: 'cascade' }),
    playerId: uuid('player_id')
      .notNull()
      .references(() => players.id, { onDelete: 'cascade' }),
    connected: boolean('connected').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.questId, t.playerId] })],
);

/**
 * Which processes a player has a socket open on, when several processes serve one quest
 * (server/scale-out/process-presence.ts). A row counts only while its process lives, which is told by the
 * process's advisory lock, not by the row: a process killed without a word leaves rows that count for nothing.
 */
export const processPresence = pgTable(
  'process_presence',
  {
    questId: uuid('quest_id')
      .notNull()
      .references(() => quests.id, { onDelete: 'cascade' }),
    playerId: uuid('player_id')
      .notNull()
      .references(() => players.id, { onDelete: 'cascade' }),
    /** The key of the process's lock (advisory-leases.ts). */
    processKey: integer('process_key').notNull(),
    connected: boolean('connected').notNull(),
    /** When this process saw the player's first socket open or last one close (or saw that process gone). */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.questId, t.playerId, t.processKey] })],
);

/**
 * Scenarios generated at run time (the ledger's practice quests), stored as their YAML so that any process, after
 * any restart, compiles exactly what the quest was created with. Keyed like a quest names its scenario (id and
 * definition hash), so a quest row needs nothing more; built-in scenarios stay in the catalog (scenarios/*.yaml).
 */
export const generatedScenarios = pgTable(
  'generated_scenarios',
  {
    scenarioId: text('scenario_id').notNull(),
    /** The engine's hash of the compiled definition (CompiledScenario.hash), as in quests.scenario_hash. */
    scenarioHash: text('scenario_hash').notNull(),
    /** The organisation whose data it was generated from: it goes with the organisation. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scenarioId, t.scenarioHash] })],
);
