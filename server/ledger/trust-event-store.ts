// The trust moments a team records itself: the ones the ledger cannot read from its own data (a deadline imposed
// without engineering input, a dismissed concern that later caused an incident, engineering brought into discovery).
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { LedgerDatabase } from './ledger-database.ts';
import { trustEvents } from './schema.ts';
import type { RecordedTrustEvent, TrustKind } from './trust-timeline.ts';

export async function listTrustEvents(db: LedgerDatabase, teamId: string): Promise<RecordedTrustEvent[]> {
  const rows = await db.select().from(trustEvents).where(eq(trustEvents.teamId, teamId)).orderBy(asc(trustEvents.at));
  return rows.map((r) => ({ id: r.id, kind: r.kind as TrustKind, at: r.at, note: r.note }));
}

export async function recordTrustEvent(
  db: LedgerDatabase,
  teamId: string,
  event: { kind: TrustKind; at: Date; note: string },
  recordedBy: string,
  now: Date,
): Promise<RecordedTrustEvent> {
  const id = randomUUID();
  await db.insert(trustEvents).values({ id, teamId, ...event, recordedBy, createdAt: now });
  return { id, ...event };
}
