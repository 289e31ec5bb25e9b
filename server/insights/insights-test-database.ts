// Test support: a fresh PostgreSQL database with the store's migrations, which include insights' roll-up tables.
import type { OpenedStore } from '../store/open-store.ts';
import { createTestDatabase } from '../store/test-database.ts';
import type { InsightsDatabase } from './insights-database.ts';

export interface InsightsTestDatabase {
  opened: OpenedStore;
  db: InsightsDatabase;
  destroy(): Promise<void>;
}

export async function openInsightsDatabase(): Promise<InsightsTestDatabase> {
  const test = await createTestDatabase('postgres');
  try {
    const opened = await test.open();
    return { opened, db: opened.store.db as unknown as InsightsDatabase, destroy: () => test.destroy() };
  } catch (e) {
    await test.destroy();
    throw e;
  }
}
