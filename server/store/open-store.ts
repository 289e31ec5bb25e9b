// Opens the one data layer on either driver: embedded PGlite (the default, data in ./data) or a PostgreSQL server
// (DATABASE_URL). Both run the same checked-in SQL migrations with drizzle's migrator before anything else.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { PGliteThread } from './pglite-thread.ts';
import { QuestStore, type StoreDatabase } from './quest-store.ts';
import * as schema from './schema.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** Any number works as long as every Polarity process uses the same one: it serialises concurrent migrations. */
const MIGRATION_LOCK = 70_411_942;

export interface StoreOptions {
  /** A postgres:// URL: use a PostgreSQL server. Without it, PGlite keeps the data in dataDir. */
  databaseUrl?: string;
  /** PGlite's data directory (default ./data); 'memory://' keeps everything in memory. */
  dataDir?: string;
  /** PGlite only: start from a dump made by dumpDataDir() (tests copy one migrated database this way). */
  pgliteImage?: Blob;
  /** node-postgres pool size. */
  poolSize?: number;
  onError?: (error: Error) => void;
}

export interface OpenedStore {
  store: QuestStore;
  driver: 'pglite' | 'postgres';
  /** Where the data lives, without credentials: for the start-up log line. */
  location: string;
  /** PGlite only: the whole data directory as a tarball. */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgresql://${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'postgresql (unparsable DATABASE_URL)';
  }
}

export async function openStore(opts: StoreOptions = {}): Promise<OpenedStore> {
  const opened = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts) : await openPglite(opts);
  try {
    await opened.store.ensureDemoOrganisation(randomUUID());
  } catch (e) {
    await opened.close();
    throw e;
  }
  return opened;
}

async function openPostgres(url: string, opts: StoreOptions): Promise<OpenedStore> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (e) => opts.onError?.(e));
  try {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end();
    throw e;
  }
  const db = drizzlePostgres({ client: pool, schema });
  return {
    store: new QuestStore(db as unknown as StoreDatabase, 'postgres'),
    driver: 'postgres',
    location: describeUrl(url),
    close: () => pool.end(),
  };
}

async function openPglite(opts: StoreOptions): Promise<OpenedStore> {
  const dataDir = opts.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(resolve(dataDir), { recursive: true });
  const client = await PGliteThread.create({
    dataDir: inMemory ? dataDir : resolve(dataDir),
    ...(opts.pgliteImage ? { loadDataDir: opts.pgliteImage } : {}),
    ...(opts.onError ? { onError: opts.onError } : {}),
  });
  const db = drizzlePglite({ client: client.asPGlite(), schema });
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
  } catch (e) {
    await client.close();
    throw e;
  }
  return {
    store: new QuestStore(db as unknown as StoreDatabase, 'pglite'),
    driver: 'pglite',
    location: inMemory ? 'PGlite in memory' : `PGlite in ${resolve(dataDir)}`,
    dumpDataDir: () => client.dumpDataDir(),
    close: () => client.close(),
  };
}
