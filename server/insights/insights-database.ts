// The database insights runs on: any drizzle PostgreSQL database (PGlite or node-postgres) whose migrations include
// server/store/schema.ts and server/insights/schema.ts.
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

// biome-ignore lint/suspicious/noExplicitAny: typed with the store's own schema; only the query builder is used
export type InsightsDatabase = PgDatabase<PgQueryResultHKT, any>;

/** Rows of a raw statement, the same on both drivers. */
export async function rowsOf<T>(db: InsightsDatabase, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}
