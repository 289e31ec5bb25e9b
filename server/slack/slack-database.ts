// The database Slack runs on: any drizzle PostgreSQL database (PGlite or node-postgres) whose migrations include
// server/slack/schema.ts (the store's one sequence does).
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type SlackDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;
