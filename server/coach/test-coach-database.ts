// Test support: a database with every table of the store's migrations (the coach's among them), on PostgreSQL (a
// fresh database on 127.0.0.1:5432, dropped afterwards) or PGlite, from server/store/test-database.ts.
import { createTestDatabase, type Driver } from '../store/test-database.ts';
import type { CoachDatabase } from './coach-store.ts';

export { DRIVERS, type Driver } from '../store/test-database.ts';

export interface CoachTestDatabase {
  driver: Driver;
  db: CoachDatabase;
  /** Runs raw SQL, for looking at what is stored at rest. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  destroy(): Promise<void>;
}

/** Both drivers' clients (pg.Pool and PGlite) answer query(text, params) with { rows }. */
interface RawClient {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export async function openCoachDatabase(driver: Driver): Promise<CoachTestDatabase> {
  const test = await createTestDatabase(driver);
  const opened = await test.open();
  const db = opened.store.db as unknown as CoachDatabase & { $client: RawClient };
  return {
    driver,
    db,
    query: async <T>(sql: string, params: unknown[] = []) => (await db.$client.query(sql, params)).rows as T[],
    destroy: () => test.destroy(),
  };
}
