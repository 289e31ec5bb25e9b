// The database the ledger runs on: any drizzle PostgreSQL database (PGlite or node-postgres) whose migrations
// include server/ledger/schema.ts. Transactions are the same type, so every store function takes either.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

// biome-ignore lint/suspicious/noExplicitAny: the app's database is typed with its own schema; only the query builder is used here
export type LedgerDatabase = PgDatabase<PgQueryResultHKT, any>;

/** Postgres reports a unique violation as 23505; drizzle wraps driver errors, so look through causes. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  for (
    let cur = e as { code?: unknown; cause?: unknown; constraint?: unknown } | undefined, depth = 0;
    cur && depth < 5;
    depth++
  ) {
    if (cur.code === '23505') return constraint === undefined || cur.constraint === constraint;
    cur = cur.cause as typeof cur;
  }
  return false;
}
