// Commitments in the database. A due date changes only through a renegotiation, which is kept with its reason and
// who agreed: that is what lets the alerts tell an open change of plan from a quiet one.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Commitment } from './commitment.ts';
import type { LedgerDatabase } from './ledger-database.ts';
import { LedgerError } from './ledger-error.ts';
import { commitments, renegotiations } from './schema.ts';

type Row = typeof commitments.$inferSelect;
type RenegotiationRow = typeof renegotiations.$inferSelect;

function toCommitment(r: Row, all: RenegotiationRow[]): Commitment {
  return {
    id: r.id,
    teamId: r.teamId,
    title: r.title,
    ownerPersonId: r.ownerPersonId,
    ownerName: r.ownerName,
    dueOn: r.dueOn,
    tradeOffId: r.tradeOffId,
    itemId: r.itemId,
    status: r.status,
    createdAt: r.createdAt,
    closedAt: r.closedAt,
    closeNote: r.closeNote,
    renegotiations: all
      .filter((n) => n.commitmentId === r.id)
      .map((n) => ({ at: n.at, previousDueOn: n.previousDueOn, newDueOn: n.newDueOn, reason: n.reason, agreedBy: n.agreedBy })),
  };
}

async function withRenegotiations(db: LedgerDatabase, rows: Row[]): Promise<Commitment[]> {
  if (rows.length === 0) return [];
  const all = await db
    .select()
    .from(renegotiations)
    .where(
      inArray(
        renegotiations.commitmentId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(renegotiations.at));
  return rows.map((r) => toCommitment(r, all));
}

export async function listCommitments(db: LedgerDatabase, teamId: string): Promise<Commitment[]> {
  const rows = await db
    .select()
    .from(commitments)
    .where(eq(commitments.teamId, teamId))
    .orderBy(asc(commitments.dueOn), asc(commitments.createdAt));
  return withRenegotiations(db, rows);
}

async function load(db: LedgerDatabase, teamId: string, id: string, lock: boolean): Promise<Commitment> {
  const query = db
    .select()
    .from(commitments)
    .where(and(eq(commitments.teamId, teamId), eq(commitments.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new LedgerError('not_found', `there is no commitment ${id} in this team's ledger`);
  return (await withRenegotiations(db, [row]))[0] as Commitment;
}

export function getCommitment(db: LedgerDatabase, teamId: string, id: string): Promise<Commitment> {
  return load(db, teamId, id, false);
}

export interface NewCommitment {
  title: string;
  ownerPersonId: string | null;
  ownerName: string;
  dueOn: string;
  tradeOffId: string | null;
  itemId: string | null;
}

export async function createCommitment(
  db: LedgerDatabase,
  teamId: string,
  c: NewCommitment,
  createdBy: string,
  now: Date,
): Promise<Commitment> {
  const id = randomUUID();
  await db.insert(commitments).values({ id, teamId, ...c, status: 'open', createdBy, createdAt: now });
  return getCommitment(db, teamId, id);
}

function assertOpen(c: Commitment): void {
  if (c.status !== 'open') throw new LedgerError('conflict', `"${c.title}" is already ${c.status}`);
}

export async function renegotiateCommitment(
  db: LedgerDatabase,
  teamId: string,
  id: string,
  change: { dueOn: string; reason: string; agreedBy: string[] },
  recordedBy: string,
  now: Date,
): Promise<Commitment> {
  return db.transaction(async (tx) => {
    const c = await load(tx, teamId, id, true);
    assertOpen(c);
    if (change.dueOn === c.dueOn)
      throw new LedgerError('invalid', `"${c.title}" is already due on ${c.dueOn}; give the new date`);
    await tx.insert(renegotiations).values({
      id: randomUUID(),
      commitmentId: id,
      at: now,
      previousDueOn: c.dueOn,
      newDueOn: change.dueOn,
      reason: change.reason,
      agreedBy: change.agreedBy,
      recordedBy,
    });
    await tx.update(commitments).set({ dueOn: change.dueOn }).where(eq(commitments.id, id));
    return load(tx, teamId, id, false);
  });
}

export async function closeCommitment(
  db: LedgerDatabase,
  teamId: string,
  id: string,
  status: 'honoured' | 'dropped',
  note: string | null,
  now: Date,
): Promise<Commitment> {
  return db.transaction(async (tx) => {
    const c = await load(tx, teamId, id, true);
    assertOpen(c);
    await tx.update(commitments).set({ status, closedAt: now, closeNote: note }).where(eq(commitments.id, id));
    return load(tx, teamId, id, false);
  });
}
