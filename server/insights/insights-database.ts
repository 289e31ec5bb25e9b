// The database insights runs on: any drizzle PostgreSQL database (PGlite or node-postgres) whose migrations include
// server/store/schema.ts and server/insights/schema.ts.
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

// biome-ignore lint/suspicious/noExplicitAny: the store's database is typed with its own schema; only the query builder is used here
export type InsightsDatabase = PgDatabase<PgQueryResultHKT, any>;

/** Rows of a raw statement, the same on both drivers. */
export async function rowsOf<T>(db: InsightsDatabase, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}
