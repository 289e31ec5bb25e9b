// The database the accounts, billing and policy code runs on: any drizzle PostgreSQL database (PGlite or
// node-postgres) whose migrations include server/accounts/schema.ts and server/billing/schema.ts.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type AccountsDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/** Postgres reports a unique violation as 23505; drizzle wraps driver errors, so look through causes. */
export function isUniqueViolation(e: unknown): boolean {
  for (let cur = e as { code?: unknown; cause?: unknown } | undefined, depth = 0; cur && depth < 5; depth++) {
    if (cur.code === '23505') return true;
    cur = cur.cause as typeof cur;
  }
  return false;
}
