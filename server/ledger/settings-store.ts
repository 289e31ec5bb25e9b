// A team's ledger settings in the database; a team that never changed anything has no row and gets the defaults.
import { eq } from 'drizzle-orm';
import type { LedgerDatabase } from './ledger-database.ts';
import { DEFAULT_SETTINGS, type LedgerSettings } from './ledger-settings.ts';
import { ledgerSettings } from './schema.ts';

export async function getSettings(db: LedgerDatabase, teamId: string): Promise<LedgerSettings> {
  const [row] = await db.select().from(ledgerSettings).where(eq(ledgerSettings.teamId, teamId));
  if (!row) return { ...DEFAULT_SETTINGS };
  const { teamId: _team, updatedAt: _at, ...settings } = row;
  return settings;
}

export async function saveSettings(
  db: LedgerDatabase,
  teamId: string,
  changes: Partial<LedgerSettings>,
  now: Date,
): Promise<LedgerSettings> {
  return db.transaction(async (tx) => {
    const next: LedgerSettings = { ...(await getSettings(tx, teamId)), ...changes };
    await tx
      .insert(ledgerSettings)
      .values({ teamId, ...next, updatedAt: now })
      .onConflictDoUpdate({ target: ledgerSettings.teamId, set: { ...next, updatedAt: now } });
    return next;
  });
}
