// Backlog items in the database: one team's items, created by hand or by an import (all rows of an import in one
// transaction, so an import is never half-written).
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { LedgerDatabase } from './ledger-database.ts';
import { isUniqueViolation } from './ledger-database.ts';
import { LedgerError } from './ledger-error.ts';
import type { ItemKind, ItemSource, ItemStatus, LedgerItem, NewItem } from './ledger-item.ts';
import { ledgerItems } from './schema.ts';

type Row = typeof ledgerItems.$inferSelect;

function toItem(r: Row): LedgerItem {
  return {
    id: r.id,
    teamId: r.teamId,
    kind: r.kind,
    title: r.title,
    description: r.description,
    externalKey: r.externalKey,
    source: r.source,
    status: r.status,
    points: r.points,
    rice: r.rice,
    ice: r.ice,
    wsjf: r.wsjf,
    debt: r.debt ?? null,
    risks: r.risks,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export interface ItemFilter {
  kind?: ItemKind;
  status?: ItemStatus;
}

export async function listItems(db: LedgerDatabase, teamId: string, filter: ItemFilter = {}): Promise<LedgerItem[]> {
  const conditions = [eq(ledgerItems.teamId, teamId)];
  if (filter.kind) conditions.push(eq(ledgerItems.kind, filter.kind));
  if (filter.status) conditions.push(eq(ledgerItems.status, filter.status));
  const rows = await db
    .select()
    .from(ledgerItems)
    .where(and(...conditions))
    .orderBy(asc(ledgerItems.createdAt), asc(ledgerItems.id));
  return rows.map(toItem);
}

export async function findItems(db: LedgerDatabase, teamId: string, ids: readonly string[]): Promise<LedgerItem[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(ledgerItems)
    .where(and(eq(ledgerItems.teamId, teamId), inArray(ledgerItems.id, [...ids])));
  return rows.map(toItem);
}

export async function getItem(db: LedgerDatabase, teamId: string, id: string): Promise<LedgerItem> {
  const [item] = await findItems(db, teamId, [id]);
  if (!item) throw new LedgerError('not_found', `there is no item ${id} in this team's ledger`);
  return item;
}

/** Items a debt says it slows must be this team's: a typo would otherwise hide in the explanation. */
export async function assertItemsExist(db: LedgerDatabase, teamId: string, ids: readonly string[], what: string): Promise<void> {
  const unique = [...new Set(ids)];
  const found = new Set((await findItems(db, teamId, unique)).map((i) => i.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw new LedgerError('invalid', `${what}: no item ${missing.join(', ')} in this team's ledger`);
}

function rowOf(teamId: string, item: NewItem, now: Date) {
  return { id: randomUUID(), teamId, ...item, createdAt: now, updatedAt: now };
}

export async function createItem(db: LedgerDatabase, teamId: string, item: NewItem, now: Date): Promise<LedgerItem> {
  const [row] = await db
    .insert(ledgerItems)
    .values(rowOf(teamId, item, now))
    .returning();
  return toItem(row as Row);
}

export async function updateItem(db: LedgerDatabase, teamId: string, id: string, item: NewItem, now: Date): Promise<LedgerItem> {
  const [row] = await db
    .update(ledgerItems)
    .set({ ...item, updatedAt: now })
    .where(and(eq(ledgerItems.teamId, teamId), eq(ledgerItems.id, id)))
    .returning();
  if (!row) throw new LedgerError('not_found', `there is no item ${id} in this team's ledger`);
  return toItem(row);
}

export async function externalKeys(db: LedgerDatabase, teamId: string, source: ItemSource): Promise<Set<string>> {
  const rows = await db
    .select({ key: ledgerItems.externalKey })
    .from(ledgerItems)
    .where(and(eq(ledgerItems.teamId, teamId), eq(ledgerItems.source, source), isNotNull(ledgerItems.externalKey)));
  return new Set(rows.map((r) => r.key as string));
}

/** Every item or none: one insert in one transaction. A key imported meanwhile by someone else refuses the lot. */
export async function importItems(
  db: LedgerDatabase,
  teamId: string,
  items: readonly NewItem[],
  now: Date,
): Promise<LedgerItem[]> {
  if (items.length === 0) return [];
  try {
    return await db.transaction(async (tx) => {
      const out: LedgerItem[] = [];
      // Inserted in slices: one statement per 500 rows keeps each under PostgreSQL's parameter limit.
      for (let i = 0; i < items.length; i += 500) {
        const rows = await tx
          .insert(ledgerItems)
          .values(items.slice(i, i + 500).map((item) => rowOf(teamId, item, now)))
          .returning();
        out.push(...rows.map(toItem));
      }
      return out;
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new LedgerError(
        'conflict',
        'some of these keys were imported by someone else meanwhile; nothing was imported, try again',
      );
    }
    throw e;
  }
}
