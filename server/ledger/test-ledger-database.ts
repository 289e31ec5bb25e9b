// Databases with the ledger's tables for tests, on both drivers: the store's own migrations (which include the
// ledger's) from server/store/test-database.ts. PostgreSQL: a fresh database on 127.0.0.1:5432, dropped afterwards.
// PGlite: a copy of one migrated image.
import { createTestDatabase, type Driver } from '../store/test-database.ts';
import type { LedgerDatabase } from './ledger-database.ts';

export { DRIVERS, type Driver } from '../store/test-database.ts';

export interface TestLedgerDatabase {
  driver: Driver;
  db: LedgerDatabase;
  destroy(): Promise<void>;
}

export async function createTestLedgerDatabase(driver: Driver): Promise<TestLedgerDatabase> {
  const test = await createTestDatabase(driver);
  const opened = await test.open();
  return { driver, db: opened.store.db as unknown as LedgerDatabase, destroy: () => test.destroy() };
}
