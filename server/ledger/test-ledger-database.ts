// Databases with the ledger's tables for tests, on both drivers. The tables come from SQL that drizzle-kit
// generates from schema.ts into a temp folder (once per version of the schema, reused by later runs), so the tests
// exercise exactly what a migration generated from this schema creates. PostgreSQL: a fresh database on
// 127.0.0.1:5432, dropped afterwards. PGlite: in memory, loaded from a migrated image.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { LedgerDatabase } from './ledger-database.ts';

export type Driver = 'postgres' | 'pglite';
export const DRIVERS: readonly Driver[] = ['postgres', 'pglite'];

const ADMIN_URL = process.env.POLARITY_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA_FILES = ['server/ledger/schema.ts', 'server/ledger/trust-timeline.ts'];

function schemaHash(): string {
  const hash = createHash('sha256');
  for (const f of SCHEMA_FILES) hash.update(readFileSync(join(ROOT, f)));
  hash.update(JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
  return hash.digest('hex').slice(0, 16);
}

/** Written aside and renamed, so a test file running at the same time never reads half of it. */
function writeWhole(path: string, data: Buffer): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}

/** The statements of the generated migration, generated once per version of the schema. */
export function ledgerMigrationStatements(): string[] {
  const dir = join(tmpdir(), `polarity-ledger-sql-${schemaHash()}`);
  if (!existsSync(dir)) {
    const partial = mkdtempSync(join(tmpdir(), 'polarity-ledger-sql-partial-'));
    const r = spawnSync(
      join(ROOT, 'node_modules/.bin/drizzle-kit'),
      ['generate', '--schema', 'server/ledger/schema.ts', '--out', partial, '--dialect', 'postgresql'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`drizzle-kit generate failed:\n${r.stdout}\n${r.stderr}`);
    try {
      renameSync(partial, dir);
    } catch {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  const sqlFile = readdirSync(dir).find((f) => f.endsWith('.sql'));
  if (!sqlFile) throw new Error(`no SQL file in ${dir}`);
  return readFileSync(join(dir, sqlFile), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A PGlite with the ledger's tables, dumped once and kept in the temp folder: creating a PGlite from nothing costs
 * seconds (tens of seconds on a busy machine), loading a dump much less.
 */
async function pgliteImage(statements: string[]): Promise<Blob> {
  const cached = join(tmpdir(), `polarity-ledger-pglite-${schemaHash()}.tar`);
  if (existsSync(cached)) return new Blob([readFileSync(cached)]);
  const client = await PGlite.create();
  try {
    for (const s of statements) await client.exec(s);
    const image = (await client.dumpDataDir('none')) as Blob;
    writeWhole(cached, Buffer.from(await image.arrayBuffer()));
    return image;
  } finally {
    await client.close();
  }
}

export interface TestLedgerDatabase {
  driver: Driver;
  db: LedgerDatabase;
  destroy(): Promise<void>;
}

export async function createTestLedgerDatabase(driver: Driver): Promise<TestLedgerDatabase> {
  const statements = ledgerMigrationStatements();
  if (driver === 'pglite') {
    const client = await PGlite.create({ loadDataDir: await pgliteImage(statements) });
    return { driver, db: drizzlePglite({ client }) as unknown as LedgerDatabase, destroy: () => client.close() };
  }
  const name = `polarity_ledger_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  for (const s of statements) await pool.query(s);
  return {
    driver,
    db: drizzlePostgres({ client: pool }) as unknown as LedgerDatabase,
    async destroy() {
      await pool.end();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
