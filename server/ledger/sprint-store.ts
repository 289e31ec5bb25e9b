// Sprints and their plans in the database. Taking an item out of a plan marks its entry removed (when, by whom,
// why) instead of deleting it: the plan's history is what shows a commitment quietly sliding.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { isUniqueViolation, type LedgerDatabase } from './ledger-database.ts';
import { LedgerError } from './ledger-error.ts';
import { ledgerItems, sprintEntries, sprints } from './schema.ts';
import type { Sprint } from './sprint-plan.ts';

type SprintRow = typeof sprints.$inferSelect;

async function withEntries(db: LedgerDatabase, rows: SprintRow[]): Promise<Sprint[]> {
  if (rows.length === 0) return [];
  const entries = await db
    .select({ entry: sprintEntries, title: ledgerItems.title, kind: ledgerItems.kind })
    .from(sprintEntries)
    .innerJoin(ledgerItems, eq(ledgerItems.id, sprintEntries.itemId))
    .where(
      inArray(
        sprintEntries.sprintId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(sprintEntries.addedAt), asc(sprintEntries.id));
  return rows.map((r) => ({
    id: r.id,
    teamId: r.teamId,
    name: r.name,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    capacity: r.capacity,
    entries: entries
      .filter((e) => e.entry.sprintId === r.id)
      .map(({ entry, title, kind }) => ({
        itemId: entry.itemId,
        itemTitle: title,
        kind,
        points: entry.points,
        addedAt: entry.addedAt,
        addReason: entry.addReason,
        removedAt: entry.removedAt,
        removeReason: entry.removeReason,
      })),
  }));
}

export async function listSprints(db: LedgerDatabase, teamId: string): Promise<Sprint[]> {
  const rows = await db
    .select()
    .from(sprints)
    .where(eq(sprints.teamId, teamId))
    .orderBy(asc(sprints.startsOn), asc(sprints.name));
  return withEntries(db, rows);
}

async function load(db: LedgerDatabase, teamId: string, id: string, lock: boolean): Promise<Sprint> {
  const query = db
    .select()
    .from(sprints)
    .where(and(eq(sprints.teamId, teamId), eq(sprints.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new LedgerError('not_found', `there is no sprint ${id} in this team's ledger`);
  return (await withEntries(db, [row]))[0] as Sprint;
}

export function getSprint(db: LedgerDatabase, teamId: string, id: string): Promise<Sprint> {
  return load(db, teamId, id, false);
}

export interface NewSprint {
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
}

export async function createSprint(db: LedgerDatabase, teamId: string, s: NewSprint, now: Date): Promise<Sprint> {
  const id = randomUUID();
  try {
    await db.insert(sprints).values({ id, teamId, ...s, createdAt: now });
  } catch (e) {
    if (isUniqueViolation(e)) throw new LedgerError('conflict', `this team already has a sprint called "${s.name}"`);
    throw e;
  }
  return getSprint(db, teamId, id);
}

export async function planItem(
  db: LedgerDatabase,
  teamId: string,
  sprintId: string,
  entry: { itemId: string; points: number; reason: string | null },
  by: string,
  now: Date,
): Promise<Sprint> {
  try {
    return await db.transaction(async (tx) => {
      const sprint = await load(tx, teamId, sprintId, true);
      if (sprint.entries.some((e) => e.itemId === entry.itemId && e.removedAt === null)) {
        throw new LedgerError('conflict', `that item is already planned in ${sprint.name}`);
      }
      await tx.insert(sprintEntries).values({
        id: randomUUID(),
        sprintId,
        itemId: entry.itemId,
        points: entry.points,
        addedAt: now,
        addReason: entry.reason,
        addedBy: by,
      });
      return load(tx, teamId, sprintId, false);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new LedgerError('conflict', 'that item is already planned in this sprint');
    throw e;
  }
}

export async function unplanItem(
  db: LedgerDatabase,
  teamId: string,
  sprintId: string,
  itemId: string,
  reason: string | null,
  by: string,
  now: Date,
): Promise<Sprint> {
  return db.transaction(async (tx) => {
    const sprint = await load(tx, teamId, sprintId, true);
    const removed = await tx
      .update(sprintEntries)
      .set({ removedAt: now, removeReason: reason, removedBy: by })
      .where(and(eq(sprintEntries.sprintId, sprintId), eq(sprintEntries.itemId, itemId), isNull(sprintEntries.removedAt)))
      .returning({ id: sprintEntries.id });
    if (removed.length === 0) throw new LedgerError('not_found', `that item is not in ${sprint.name}'s plan`);
    return load(tx, teamId, sprintId, false);
  });
}
