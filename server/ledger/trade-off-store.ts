// Trade-off records in the database. Every change reads the record under a row lock and applies the rules of
// trade-off-record.ts inside the same transaction, so two people acting at once cannot both win, and an accepted
// record is never updated except to mark it superseded.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { isUniqueViolation, type LedgerDatabase } from './ledger-database.ts';
import { LedgerError } from './ledger-error.ts';
import { tradeOffSignOffs, tradeOffs } from './schema.ts';
import {
  assertAcceptable,
  assertEditable,
  assertProposable,
  assertSignable,
  assertSupersedable,
  bearerFor,
  type TradeOffContent,
  type TradeOffRecord,
} from './trade-off-record.ts';

type Row = typeof tradeOffs.$inferSelect;
type SignOffRow = typeof tradeOffSignOffs.$inferSelect;

function toRecord(r: Row, signOffs: SignOffRow[]): TradeOffRecord {
  return {
    id: r.id,
    teamId: r.teamId,
    number: r.number,
    status: r.status,
    revision: r.revision,
    content: r.content,
    writtenAt: r.writtenAt,
    decidedAt: r.decidedAt,
    acceptedAt: r.acceptedAt,
    supersedes: r.supersedes,
    supersededBy: r.supersededBy,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
    signOffs: signOffs
      .filter((s) => s.tradeOffId === r.id)
      .map((s) => ({ personId: s.personId, revision: s.revision, signedAt: s.signedAt })),
  };
}

async function withSignOffs(db: LedgerDatabase, rows: Row[]): Promise<TradeOffRecord[]> {
  if (rows.length === 0) return [];
  const signOffs = await db
    .select()
    .from(tradeOffSignOffs)
    .where(
      inArray(
        tradeOffSignOffs.tradeOffId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(tradeOffSignOffs.signedAt));
  return rows.map((r) => toRecord(r, signOffs));
}

export async function listTradeOffs(db: LedgerDatabase, teamId: string): Promise<TradeOffRecord[]> {
  const rows = await db.select().from(tradeOffs).where(eq(tradeOffs.teamId, teamId)).orderBy(asc(tradeOffs.number));
  return withSignOffs(db, rows);
}

async function load(db: LedgerDatabase, teamId: string, id: string, lock: boolean): Promise<TradeOffRecord> {
  const query = db
    .select()
    .from(tradeOffs)
    .where(and(eq(tradeOffs.teamId, teamId), eq(tradeOffs.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new LedgerError('not_found', `there is no trade-off record ${id} in this team's ledger`);
  return (await withSignOffs(db, [row]))[0] as TradeOffRecord;
}

export function getTradeOff(db: LedgerDatabase, teamId: string, id: string): Promise<TradeOffRecord> {
  return load(db, teamId, id, false);
}

export async function createTradeOff(
  db: LedgerDatabase,
  teamId: string,
  content: TradeOffContent,
  createdBy: string,
  now: Date,
  supersedes: string | null = null,
): Promise<TradeOffRecord> {
  // The next number is read in the insert itself; two records created at once collide on the unique number and the
  // later one tries again.
  for (let attempt = 0; ; attempt++) {
    try {
      const id = randomUUID();
      await db.insert(tradeOffs).values({
        id,
        teamId,
        number: sql`(select coalesce(max(${tradeOffs.number}), 0) + 1 from ${tradeOffs} where ${tradeOffs.teamId} = ${teamId})`,
        status: 'draft',
        revision: 1,
        content,
        writtenAt: now,
        supersedes,
        createdBy,
        updatedAt: now,
      });
      return await getTradeOff(db, teamId, id);
    } catch (e) {
      if (attempt < 4 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

export async function editTradeOff(
  db: LedgerDatabase,
  teamId: string,
  id: string,
  seenRevision: number,
  content: TradeOffContent,
  now: Date,
): Promise<TradeOffRecord> {
  return db.transaction(async (tx) => {
    const record = await load(tx, teamId, id, true);
    assertEditable(record);
    if (record.revision !== seenRevision) {
      throw new LedgerError(
        'conflict',
        `trade-off #${record.number} is at revision ${record.revision}, not ${seenRevision}: someone changed it; reload and edit again`,
      );
    }
    await tx
      .update(tradeOffs)
      .set({ content, revision: record.revision + 1, updatedAt: now })
      .where(and(eq(tradeOffs.id, id), inArray(tradeOffs.status, ['draft', 'proposed'])));
    return load(tx, teamId, id, false);
  });
}

export async function proposeTradeOff(db: LedgerDatabase, teamId: string, id: string, now: Date): Promise<TradeOffRecord> {
  return db.transaction(async (tx) => {
    const record = await load(tx, teamId, id, true);
    assertProposable(record);
    await tx.update(tradeOffs).set({ status: 'proposed', updatedAt: now }).where(eq(tradeOffs.id, id));
    return load(tx, teamId, id, false);
  });
}

export async function signTradeOff(
  db: LedgerDatabase,
  teamId: string,
  id: string,
  personId: string,
  now: Date,
): Promise<TradeOffRecord> {
  return db.transaction(async (tx) => {
    const record = await load(tx, teamId, id, true);
    assertSignable(record, personId);
    await tx
      .insert(tradeOffSignOffs)
      .values({ tradeOffId: id, personId, revision: record.revision, signedAt: now })
      .onConflictDoUpdate({
        target: [tradeOffSignOffs.tradeOffId, tradeOffSignOffs.personId],
        set: { revision: record.revision, signedAt: now },
      });
    return load(tx, teamId, id, false);
  });
}

export async function acceptTradeOff(
  db: LedgerDatabase,
  teamId: string,
  id: string,
  personId: string,
  decidedAt: Date,
  now: Date,
): Promise<TradeOffRecord> {
  return db.transaction(async (tx) => {
    const record = await load(tx, teamId, id, true);
    bearerFor(record, personId);
    assertAcceptable(record, decidedAt, now);
    await tx
      .update(tradeOffs)
      .set({ status: 'accepted', decidedAt, acceptedAt: now, updatedAt: now })
      .where(eq(tradeOffs.id, id));
    if (record.supersedes) {
      const superseded = await tx
        .update(tradeOffs)
        .set({ status: 'superseded', supersededBy: id, updatedAt: now })
        .where(and(eq(tradeOffs.id, record.supersedes), eq(tradeOffs.status, 'accepted')))
        .returning({ id: tradeOffs.id });
      if (superseded.length === 0) {
        throw new LedgerError(
          'conflict',
          'the record this one supersedes has already been superseded by another; nothing changed',
        );
      }
    }
    return load(tx, teamId, id, false);
  });
}

/** Starts the record that will supersede an accepted one: a draft with the same content, to be changed and signed. */
export async function supersedeTradeOff(
  db: LedgerDatabase,
  teamId: string,
  id: string,
  createdBy: string,
  now: Date,
): Promise<TradeOffRecord> {
  const record = await getTradeOff(db, teamId, id);
  assertSupersedable(record);
  return createTradeOff(db, teamId, record.content, createdBy, now, record.id);
}

/** The numbers of the records this one supersedes and is superseded by, for the export. */
export async function tradeOffNumbers(db: LedgerDatabase, teamId: string, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: tradeOffs.id, number: tradeOffs.number })
    .from(tradeOffs)
    .where(and(eq(tradeOffs.teamId, teamId), inArray(tradeOffs.id, [...ids])));
  return new Map(rows.map((r) => [r.id, r.number]));
}
