// Every read and write of quest data, the same for PGlite and node-postgres. An append is a compare-and-set on
// the quest's version in one atomic statement: a writer that raced another gets VersionConflict and nothing of its
// batch is written, so a stream is never overwritten or forked.
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { QuestEvent, QuestState, Seat } from '../../engine/index.ts';
import { GroupCommit, type QueuedAppend } from './group-commit.ts';
import type * as schema from './schema.ts';
import { organisations, players, presence, type QuestRowStatus, questEvents, questSnapshots, quests } from './schema.ts';

export type StoreDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The version of the event payload format; readers upgrade older payloads by it. */
export const EVENT_SCHEMA_VERSION = 1;

export class VersionConflict extends Error {
  constructor(
    readonly questId: string,
    readonly expected: number,
  ) {
    super(`quest ${questId} is no longer at version ${expected}: another writer appended first`);
    this.name = 'VersionConflict';
  }
}

export interface QuestRow {
  id: string;
  orgId: string;
  /** The team the quest belongs to; null or absent for an ad hoc quest. */
  teamId?: string | null;
  scenarioId: string;
  scenarioHash: string;
  seed: number;
  invite: string;
  hostPlayerId: string;
  status: QuestRowStatus;
  version: number;
  lobbyBots: Record<string, string>;
  seats: Seat[] | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlayerRow {
  id: string;
  questId: string;
  name: string;
  tokenHash: string;
  seat: string | null;
  host: boolean;
  /** The signed-in person playing under this token, if any. */
  personId?: string | null;
  createdAt: Date;
}

export interface NewEvent {
  event: QuestEvent;
  /** A player id, 'bot:<role>' or 'system'. */
  actor: string;
  seat: string | null;
}

export interface StoredEvent extends NewEvent {
  seq: number;
  schemaVersion: number;
}

export interface PresenceRow {
  playerId: string;
  connected: boolean;
  at: Date;
}

export interface AppendOptions {
  /** The quest row's status after these events. */
  status?: QuestRowStatus;
  /** The state after these events, stored as a snapshot in the same transaction. */
  snapshot?: QuestState;
  at: Date;
}

const DEMO_ORGANISATION = { slug: 'demo', name: 'Demo organisation' };

/** The SQLSTATE of a driver error; drizzle wraps driver errors, so look through causes. */
function sqlState(e: unknown): unknown {
  for (let cur = e as { code?: unknown; cause?: unknown } | undefined, depth = 0; cur && depth < 5; depth++) {
    if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) return cur.code;
    cur = cur.cause as typeof cur;
  }
  return undefined;
}

/** Postgres reports a unique violation as 23505. */
function isUniqueViolation(e: unknown): boolean {
  return sqlState(e) === '23505';
}

/**
 * Errors after which a statement certainly wrote nothing and one quest's trouble may have failed its whole batch:
 * a unique violation, a deadlock between two processes' batches, a serialization failure.
 */
function isBatchRetryable(e: unknown): boolean {
  const code = sqlState(e);
  return code === '23505' || code === '40P01' || code === '40001';
}

interface AppendRequest {
  expectedVersion: number;
  events: NewEvent[];
  opts: AppendOptions;
}

/** Bind parameters per event row and per quest in a batch statement (see appendBatch). */
const PARAMETERS_PER_EVENT = 8;
const PARAMETERS_PER_QUEST = 8;

function toQuestRow(r: typeof quests.$inferSelect): QuestRow {
  return { ...r, seats: (r.seats as Seat[] | null) ?? null, lobbyBots: r.lobbyBots ?? {} };
}

export class QuestStore {
  /** Null for a store bound to a transaction: its appends belong to that transaction and are written at once. */
  private readonly group: GroupCommit<AppendRequest> | null;

  constructor(
    readonly db: StoreDatabase,
    readonly driver: 'pglite' | 'postgres',
    opts: { inTransaction?: boolean } = {},
  ) {
    // PGlite is one connection, so one statement at a time; a pool commits the next batch while one is in flight.
    this.group = opts.inTransaction ? null : new GroupCommit((batch) => this.appendBatch(batch), driver === 'pglite' ? 1 : 4);
  }

  /** Runs fn with a store bound to one transaction; nested calls become savepoints. */
  transaction<T>(fn: (store: QuestStore) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new QuestStore(tx as unknown as StoreDatabase, this.driver, { inTransaction: true })));
  }

  async ensureDemoOrganisation(id: string): Promise<{ id: string; slug: string; name: string }> {
    await this.db
      .insert(organisations)
      .values({ id, ...DEMO_ORGANISATION })
      .onConflictDoNothing({ target: organisations.slug });
    return this.demoOrganisation();
  }

  async demoOrganisation(): Promise<{ id: string; slug: string; name: string }> {
    const [org] = await this.db
      .select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.slug, DEMO_ORGANISATION.slug));
    if (!org) throw new Error('the demo organisation is missing: the store was not opened with openStore()');
    return org;
  }

  /** A new quest and its host, together or not at all. */
  async createQuest(
    quest: Omit<QuestRow, 'status' | 'version' | 'lobbyBots' | 'seats' | 'updatedAt'>,
    host: Omit<PlayerRow, 'questId' | 'host'>,
  ): Promise<void> {
    await this.transaction(async (s) => {
      await s.db.insert(quests).values({ ...quest, updatedAt: quest.createdAt });
      await s.db.insert(players).values({ ...host, questId: quest.id, host: true });
    });
  }

  async quest(id: string, opts: { lock?: boolean } = {}): Promise<QuestRow | null> {
    const q = this.db.select().from(quests).where(eq(quests.id, id));
    const [row] = opts.lock ? await q.for('update') : await q;
    return row ? toQuestRow(row) : null;
  }

  async questByInvite(invite: string): Promise<QuestRow | null> {
    const [row] = await this.db.select().from(quests).where(eq(quests.invite, invite));
    return row ? toQuestRow(row) : null;
  }

  /** Quests whose clock may be running: loaded at boot so their deadlines and bots carry on. */
  async activeQuests(): Promise<QuestRow[]> {
    const rows = await this.db
      .select()
      .from(quests)
      .where(inArray(quests.status, ['running', 'paused']))
      .orderBy(asc(quests.createdAt));
    return rows.map(toQuestRow);
  }

  async updateLobby(
    id: string,
    patch: { lobbyBots?: Record<string, string>; status?: QuestRowStatus; seats?: Seat[]; scenarioHash?: string },
    at: Date,
  ): Promise<void> {
    await this.db
      .update(quests)
      .set({ ...patch, updatedAt: at })
      .where(eq(quests.id, id));
  }

  async addPlayer(p: Omit<PlayerRow, 'host'>): Promise<void> {
    await this.db.insert(players).values({ ...p, host: false });
  }

  async players(questId: string): Promise<PlayerRow[]> {
    return (
      this.db
        .select()
        .from(players)
        .where(eq(players.questId, questId))
        // Join order; the host first when two rows share a millisecond.
        .orderBy(asc(players.createdAt), desc(players.host), asc(players.id))
    );
  }

  async playerByToken(questId: string, tokenHash: string): Promise<PlayerRow | null> {
    const [row] = await this.db
      .select()
      .from(players)
      .where(and(eq(players.questId, questId), eq(players.tokenHash, tokenHash)));
    return row ?? null;
  }

  /** False when another person already holds that role or chair (the unique index decides across processes). */
  async setSeat(playerId: string, seat: string | null): Promise<boolean> {
    try {
      await this.transaction((s) => s.db.update(players).set({ seat }).where(eq(players.id, playerId)));
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /**
   * Appends events at expectedVersion + 1.. and, when given, the snapshot after them. Throws VersionConflict when the
   * stream is no longer at expectedVersion; then nothing was written. Resolves only once the events are committed.
   *
   * Appends of different quests that arrive while the database is busy are committed together (group commit, see
   * group-commit.ts); each keeps its own version check, and one quest's conflict never fails another's append.
   */
  async append(questId: string, expectedVersion: number, events: NewEvent[], opts: AppendOptions): Promise<number> {
    if (events.length === 0) return expectedVersion;
    const next = expectedVersion + events.length;
    if (opts.snapshot && opts.snapshot.version !== next) {
      throw new Error(`snapshot is at version ${opts.snapshot.version}, the stream at ${next}`);
    }
    const request = { expectedVersion, events, opts };
    if (!this.group) return this.appendAlone(questId, request);
    return this.group.append(questId, PARAMETERS_PER_QUEST + events.length * PARAMETERS_PER_EVENT, request);
  }

  /**
   * One append in one statement, so one round trip and one commit: the UPDATE is the compare-and-set (it locks the
   * quest row, and a concurrent writer re-checks the version after the first commits); the events are one multi-row
   * INSERT fed by it, so they are written only if the version moved; the (quest_id, seq) key backs the check up.
   */
  private async appendAlone(questId: string, { expectedVersion, events, opts }: AppendRequest): Promise<number> {
    const next = expectedVersion + events.length;
    const at = opts.at.toISOString();
    const rows = sql.join(
      events.map(
        (e, i) =>
          sql`(${expectedVersion + i + 1}::integer, ${e.event.type}::text, ${e.actor}::text, ${e.seat}::text, ${e.event.at}::bigint, ${EVENT_SCHEMA_VERSION}::integer, ${JSON.stringify(e.event)}::jsonb)`,
      ),
      sql`, `,
    );
    const status = opts.status ? sql`, status = ${opts.status}` : sql``;
    const snapshot = opts.snapshot
      ? sql`, snap as (
          insert into quest_snapshots (quest_id, version, state, created_at)
          select id, ${next}::integer, ${JSON.stringify(opts.snapshot)}::jsonb, ${at}::timestamptz from moved
        )`
      : sql``;
    let written: number;
    try {
      const result = await this.db.execute(sql`
        with moved as (
          update quests set version = ${next}::integer, updated_at = ${at}::timestamptz${status}
          where id = ${questId}::uuid and version = ${expectedVersion}::integer
          returning id
        )${snapshot}
        insert into quest_events (quest_id, seq, type, actor, seat, at, schema_version, payload)
        select moved.id, e.seq, e.type, e.actor, e.seat, e.at, e.schema_version, e.payload
        from moved cross join (values ${rows}) as e (seq, type, actor, seat, at, schema_version, payload)
        returning seq`);
      written = (result as unknown as { rows: unknown[] }).rows.length;
    } catch (e) {
      if (isUniqueViolation(e)) throw new VersionConflict(questId, expectedVersion);
      throw e;
    }
    if (written !== events.length) throw new VersionConflict(questId, expectedVersion);
    return next;
  }

  /**
   * Several quests' appends in one statement (each quest at most once). The UPDATE moves every quest still at its
   * expected version, and only the moved quests' events and snapshots are inserted, so the rows returned per quest
   * say which appends were written. When the statement fails as a whole for a reason one quest may cause (a unique
   * violation, a deadlock with another process), nothing was written and each append is retried alone.
   */
  private async appendBatch(batch: QueuedAppend<AppendRequest>[]): Promise<(number | Error)[]> {
    const alone = (a: QueuedAppend<AppendRequest>) =>
      this.appendAlone(a.questId, a.request).then(
        (v) => v,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
    if (batch.length === 1) return [await alone(batch[0] as QueuedAppend<AppendRequest>)];
    const input = sql.join(
      batch.map(({ questId, request: { expectedVersion, events, opts } }) => {
        const status = opts.status ?? null;
        return sql`(${questId}::uuid, ${expectedVersion}::integer, ${expectedVersion + events.length}::integer, ${status}::text, ${opts.at.toISOString()}::timestamptz)`;
      }),
      sql`, `,
    );
    const eventRows = sql.join(
      batch.flatMap(({ questId, request: { expectedVersion, events } }) =>
        events.map(
          (e, i) =>
            sql`(${questId}::uuid, ${expectedVersion + i + 1}::integer, ${e.event.type}::text, ${e.actor}::text, ${e.seat}::text, ${e.event.at}::bigint, ${EVENT_SCHEMA_VERSION}::integer, ${JSON.stringify(e.event)}::jsonb)`,
        ),
      ),
      sql`, `,
    );
    const snapshots = batch.filter((a) => a.request.opts.snapshot);
    const snapshot =
      snapshots.length === 0
        ? sql``
        : sql`, snap as (
          insert into quest_snapshots (quest_id, version, state, created_at)
          select moved.id, s.version, s.state, moved.at
          from moved join (values ${sql.join(
            snapshots.map(
              ({ questId, request: { opts } }) =>
                sql`(${questId}::uuid, ${opts.snapshot?.version}::integer, ${JSON.stringify(opts.snapshot)}::jsonb)`,
            ),
            sql`, `,
          )}) as s (quest_id, version, state) on s.quest_id = moved.id
        )`;
    let rows: { quest_id: string }[];
    try {
      const result = await this.db.execute(sql`
        with input (quest_id, expected, next, status, at) as (values ${input}),
        moved as (
          update quests set version = input.next, updated_at = input.at, status = coalesce(input.status, quests.status)
          from input
          where quests.id = input.quest_id and quests.version = input.expected
          returning quests.id, input.at
        )${snapshot}
        insert into quest_events (quest_id, seq, type, actor, seat, at, schema_version, payload)
        select moved.id, e.seq, e.type, e.actor, e.seat, e.at, e.schema_version, e.payload
        from moved join (values ${eventRows}) as e (quest_id, seq, type, actor, seat, at, schema_version, payload)
          on e.quest_id = moved.id
        returning quest_id`);
      rows = (result as unknown as { rows: { quest_id: string }[] }).rows;
    } catch (e) {
      if (!isBatchRetryable(e)) throw e;
      const results: (number | Error)[] = [];
      for (const a of batch) results.push(await alone(a));
      return results;
    }
    const written = new Map<string, number>();
    for (const r of rows) written.set(r.quest_id, (written.get(r.quest_id) ?? 0) + 1);
    // Postgres prints a uuid in lower case, whatever case the caller used.
    return batch.map(({ questId, request: { expectedVersion, events } }) =>
      written.get(questId.toLowerCase()) === events.length
        ? expectedVersion + events.length
        : new VersionConflict(questId, expectedVersion),
    );
  }

  /** A snapshot outside an append, e.g. the initial state of a quest at version 0. */
  async saveSnapshot(questId: string, state: QuestState, at: Date): Promise<void> {
    await this.db.insert(questSnapshots).values({ questId, version: state.version, state, createdAt: at }).onConflictDoNothing();
  }

  async events(questId: string, afterSeq = 0, limit?: number): Promise<StoredEvent[]> {
    const q = this.db
      .select()
      .from(questEvents)
      .where(and(eq(questEvents.questId, questId), gt(questEvents.seq, afterSeq)))
      .orderBy(asc(questEvents.seq));
    const rows = limit === undefined ? await q : await q.limit(limit);
    return rows.map((r) => ({
      seq: r.seq,
      actor: r.actor,
      seat: r.seat,
      schemaVersion: r.schemaVersion,
      event: r.payload as QuestEvent,
    }));
  }

  async latestSnapshot(questId: string): Promise<{ version: number; state: QuestState } | null> {
    const [row] = await this.db
      .select({ version: questSnapshots.version, state: questSnapshots.state })
      .from(questSnapshots)
      .where(eq(questSnapshots.questId, questId))
      .orderBy(desc(questSnapshots.version))
      .limit(1);
    return row ? { version: row.version, state: row.state as QuestState } : null;
  }

  async setPresence(questId: string, playerId: string, connected: boolean, at: Date): Promise<void> {
    await this.db
      .insert(presence)
      .values({ questId, playerId, connected, at })
      .onConflictDoUpdate({ target: [presence.questId, presence.playerId], set: { connected, at } });
  }

  async presence(questId: string): Promise<PresenceRow[]> {
    return this.db
      .select({ playerId: presence.playerId, connected: presence.connected, at: presence.at })
      .from(presence)
      .where(eq(presence.questId, questId));
  }

  /** After a restart nobody's socket survived: everyone still marked connected is marked gone as of now. */
  async disconnectEveryone(questId: string, at: Date): Promise<void> {
    await this.db
      .update(presence)
      .set({ connected: false, at })
      .where(and(eq(presence.questId, questId), eq(presence.connected, true)));
  }

  /** Raw access for benchmarks and health checks. */
  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }
}
